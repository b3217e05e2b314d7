package sheet

import "testing"

// FuzzProtect: an exported cell never starts as a formula does, and
// unprotect gives back the value.
func FuzzProtect(f *testing.F) {
	for _, v := range []string{"", "'", "''", "=1+1", "+1-1-1-1-1-1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1+1", "＋1", "－1", "＠A1",
		"'=1", "''+1", "'x", "+31 6 12345678", "06 12345678", "Stichting ,;'", "é"} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		p := Protect(v)
		if formulaLike(p) {
			t.Errorf("Protect(%q) = %q starts as a formula", v, p)
		}
		if p != v && p != "'"+v {
			t.Errorf("Protect(%q) = %q; want the value or one apostrophe more", v, p)
		}
		if formulaLike(v) && p == v {
			t.Errorf("Protect(%q) left it as it is", v)
		}
		if u := Unprotect(p); u != v {
			t.Errorf("Unprotect(Protect(%q)) = %q", v, u)
		}
	})
}
