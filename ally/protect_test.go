package ally

import "testing"

// FuzzProtect: an exported cell never starts as a formula does, and
// unprotect gives back the value.
func FuzzProtect(f *testing.F) {
	for _, v := range []string{"", "'", "''", "=1+1", "+1-1-1-1-1-1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "＝1+1", "＋1", "－1", "＠A1",
		"'=1", "''+1", "'x", "+31 6 12345678", "06 12345678", "Stichting ,;'", "é"} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, v string) {
		p := protect(v)
		if formulaLike(p) {
			t.Errorf("protect(%q) = %q starts as a formula", v, p)
		}
		if p != v && p != "'"+v {
			t.Errorf("protect(%q) = %q; want the value or one apostrophe more", v, p)
		}
		if formulaLike(v) && p == v {
			t.Errorf("protect(%q) left it as it is", v)
		}
		if u := unprotect(p); u != v {
			t.Errorf("unprotect(protect(%q)) = %q", v, u)
		}
	})
}
