package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/bondgenoten/bondgenoten/store"
	"github.com/bondgenoten/bondgenoten/store/storetest"
)

// The two migration folders must build the same schema: the same tables,
// columns (name, kind of value, nullability), indexes (name, columns,
// uniqueness) and foreign keys. River's own tables differ by driver and are
// left out, as is bun's migration bookkeeping.

type column struct {
	name, kind string
	notNull    bool
}

type index struct {
	name    string
	columns string
	unique  bool
}

type schema struct {
	columns map[string][]column // table → columns by name
	indexes map[string][]index  // table → indexes by name
	fkeys   map[string][]string // table → "column → table(column)" sorted
}

func ours(table string) bool {
	return !strings.HasPrefix(table, "river_") && !strings.HasPrefix(table, "bun_") && !strings.HasPrefix(table, "sqlite_")
}

// kindOf folds each engine's type names into the kinds both share.
func kindOf(typ string) string {
	typ = strings.ToLower(typ)
	switch {
	case strings.Contains(typ, "int") || typ == "bigint" || typ == "boolean":
		return "integer" // SQLite keeps booleans as integers
	case typ == "date":
		return "text" // calendar days: DATE on PostgreSQL, ISO text on SQLite (bondgenoten.Date)
	case strings.Contains(typ, "time"):
		return "time"
	case typ == "bytea" || typ == "blob":
		return "bytes"
	case typ == "real" || strings.Contains(typ, "double") || strings.Contains(typ, "numeric"):
		return "number"
	}
	return "text" // text, uuid, varchar, jsonb as text
}

func readSchema(t *testing.T, db *store.DB) schema {
	t.Helper()
	ctx := context.Background()
	s := schema{columns: map[string][]column{}, indexes: map[string][]index{}, fkeys: map[string][]string{}}
	rows := func(query string, args ...any) [][]string {
		t.Helper()
		r, err := db.Unscoped().QueryContext(ctx, query, args...)
		if err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		defer r.Close()
		cols, _ := r.Columns()
		var out [][]string
		for r.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := r.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			row := make([]string, len(cols))
			for i, v := range vals {
				switch x := v.(type) {
				case []byte:
					row[i] = string(x)
				case nil:
					row[i] = ""
				default:
					row[i] = fmt.Sprint(x)
				}
			}
			out = append(out, row)
		}
		if err := r.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}

	if db.Engine == store.SQLite {
		for _, tr := range rows("SELECT name FROM sqlite_master WHERE type = 'table'") {
			table := tr[0]
			if !ours(table) {
				continue
			}
			for _, c := range rows(fmt.Sprintf("PRAGMA table_info(%q)", table)) {
				// cid, name, type, notnull, dflt_value, pk
				kind := kindOf(c[2])
				if c[2] == "TIMESTAMP" {
					kind = "time"
				}
				s.columns[table] = append(s.columns[table], column{c[1], kind, c[3] == "1" || c[5] != "0"})
			}
			for _, ix := range rows(fmt.Sprintf("PRAGMA index_list(%q)", table)) {
				// seq, name, unique, origin, partial
				if strings.HasPrefix(ix[1], "sqlite_autoindex_") {
					continue // primary keys and UNIQUE constraints: compared through the columns below
				}
				var cols []string
				for _, ic := range rows(fmt.Sprintf("PRAGMA index_info(%q)", ix[1])) {
					cols = append(cols, ic[2])
				}
				s.indexes[table] = append(s.indexes[table], index{ix[1], strings.Join(cols, ","), ix[2] == "1"})
			}
			for _, fk := range rows(fmt.Sprintf("PRAGMA foreign_key_list(%q)", table)) {
				// id, seq, table, from, to, on_update, on_delete, match
				s.fkeys[table] = append(s.fkeys[table], fk[3]+" → "+fk[2]+"("+fk[4]+") on delete "+strings.ToLower(fk[6]))
			}
		}
	} else {
		for _, c := range rows(`SELECT table_name, column_name, data_type, is_nullable, COALESCE(
				(SELECT 'pk' FROM information_schema.key_column_usage k JOIN information_schema.table_constraints tc
				   ON tc.constraint_name = k.constraint_name AND tc.table_schema = k.table_schema
				 WHERE tc.constraint_type = 'PRIMARY KEY' AND k.table_schema = c.table_schema
				   AND k.table_name = c.table_name AND k.column_name = c.column_name LIMIT 1), '')
			FROM information_schema.columns c WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`) {
			if !ours(c[0]) {
				continue
			}
			s.columns[c[0]] = append(s.columns[c[0]], column{c[1], kindOf(c[2]), c[3] == "NO" || c[4] == "pk"})
		}
		for _, ix := range rows(`SELECT t.relname, i.relname, ix.indisunique,
				array_to_string(ARRAY(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY AS k(n, o)
					JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n ORDER BY k.o), ',')
			FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
			JOIN pg_namespace n ON n.oid = t.relnamespace
			WHERE n.nspname = current_schema() AND NOT ix.indisprimary
			  AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ix.indexrelid AND con.contype = 'u')`) {
			if !ours(ix[0]) {
				continue
			}
			s.indexes[ix[0]] = append(s.indexes[ix[0]], index{ix[1], ix[3], ix[2] == "true"})
		}
		for _, fk := range rows(`SELECT cl.relname, a.attname, rt.relname, ra.attname,
				CASE con.confdeltype WHEN 'c' THEN 'cascade' WHEN 'n' THEN 'set null' WHEN 'r' THEN 'restrict' WHEN 'd' THEN 'set default' ELSE 'no action' END
			FROM pg_constraint con
			JOIN pg_class cl ON cl.oid = con.conrelid JOIN pg_namespace n ON n.oid = cl.relnamespace
			JOIN pg_class rt ON rt.oid = con.confrelid
			JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
			JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = con.confkey[1]
			WHERE con.contype = 'f' AND n.nspname = current_schema()`) {
			if !ours(fk[0]) {
				continue
			}
			s.fkeys[fk[0]] = append(s.fkeys[fk[0]], fk[1]+" → "+fk[2]+"("+fk[3]+") on delete "+fk[4])
		}
	}
	for table := range s.columns {
		slices.SortFunc(s.columns[table], func(a, b column) int { return strings.Compare(a.name, b.name) })
	}
	for table := range s.indexes {
		slices.SortFunc(s.indexes[table], func(a, b index) int { return strings.Compare(a.name, b.name) })
	}
	for table := range s.fkeys {
		slices.Sort(s.fkeys[table])
	}
	return s
}

func (s schema) describe() []string {
	var out []string
	for table, cols := range s.columns {
		for _, c := range cols {
			out = append(out, fmt.Sprintf("%s.%s %s notnull=%v", table, c.name, c.kind, c.notNull))
		}
	}
	for table, ixs := range s.indexes {
		for _, ix := range ixs {
			out = append(out, fmt.Sprintf("%s index %s (%s) unique=%v", table, ix.name, ix.columns, ix.unique))
		}
	}
	for table, fks := range s.fkeys {
		for _, fk := range fks {
			out = append(out, fmt.Sprintf("%s foreign key %s", table, fk))
		}
	}
	slices.Sort(out)
	return out
}

func TestBothDialectsBuildTheSameSchema(t *testing.T) {
	lite := readSchema(t, storetest.Open(t, store.SQLite)).describe()
	pg := readSchema(t, storetest.Open(t, store.Postgres)).describe()
	if len(lite) < 50 {
		t.Fatalf("read only %d schema facts from SQLite; the reader is broken", len(lite))
	}
	for _, f := range lite {
		if !slices.Contains(pg, f) {
			t.Errorf("only on SQLite: %s", f)
		}
	}
	for _, f := range pg {
		if !slices.Contains(lite, f) {
			t.Errorf("only on PostgreSQL: %s", f)
		}
	}
}
