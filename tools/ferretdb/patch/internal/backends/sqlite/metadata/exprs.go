// Copyright 2021 FerretDB Inc.
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
//     http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

// Added by Inbox (tools/ferretdb/patch): not part of upstream FerretDB v1.24.2.

package metadata

import (
	"fmt"
	"regexp"
	"strings"
)

// The SQL expressions below are shared by index creation and query translation on purpose:
// SQLite uses an expression index only when the query spells the very same expression.

var simpleLabel = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// IsSimpleField reports whether the field is a top-level name that JSON paths can spell unquoted.
func IsSimpleField(field string) bool {
	return simpleLabel.MatchString(field)
}

// jsonPath returns the SQLite JSON path of a (possibly dotted) field, or "" if it cannot be spelled.
func jsonPath(field string) string {
	var b strings.Builder
	b.WriteString("$")

	for _, p := range strings.Split(field, ".") {
		switch {
		case simpleLabel.MatchString(p):
			b.WriteString("." + p)
		case strings.ContainsAny(p, `"\`):
			return ""
		default:
			b.WriteString(`."` + p + `"`)
		}
	}

	return b.String()
}

// sqlString quotes s as an SQL string literal.
func sqlString(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// ValueExpr returns the SQL value of a field: a number, text (strings, ObjectIDs as hex),
// 0/1 for booleans, integer milliseconds for dates, NULL for null or missing.
// Non-unique indexes are built on it, and pushed-down filters and sorts use it.
func ValueExpr(field string) string {
	return DefaultColumn + "->>" + sqlString(jsonPath(field))
}

// JSONExpr returns the JSON text of a field ('null' for null, NULL when missing).
// Unique indexes (and so `_id` lookups) use it: unlike ValueExpr, it keeps true apart from 1
// and null apart from missing, so uniqueness means what it meant before.
func JSONExpr(field string) string {
	return DefaultColumn + "->" + sqlString(jsonPath(field))
}

// TypeExpr returns the sjson schema type of a top-level field ("string", "objectId", "bool",
// "date", "int", "long", "double", "null", ...; NULL when missing).
func TypeExpr(field string) string {
	return DefaultColumn + "->>" + sqlString(`$."$s".p.`+field+`.t`)
}

// indexSQL returns the CREATE INDEX statement for the given index of the given table.
func indexSQL(table string, index IndexInfo) string {
	q := "CREATE "
	if index.Unique {
		q += "UNIQUE "
	}

	columns := make([]string, len(index.Key))

	for i, key := range index.Key {
		if jsonPath(key.Field) == "" {
			// unspellable as a JSON path: keep upstream's expression
			fields := strings.Split(key.Field, ".")
			for j, f := range fields {
				fields[j] = fmt.Sprintf("%q", f)
			}

			columns[i] = fmt.Sprintf("%s->%s", DefaultColumn, strings.Join(fields, "->"))
		} else if index.Unique {
			columns[i] = JSONExpr(key.Field)
		} else {
			columns[i] = ValueExpr(key.Field)
		}

		if key.Descending {
			columns[i] += " DESC"
		}
	}

	return fmt.Sprintf("%sINDEX %q ON %q (%s)", q, table+"_"+index.Name, table, strings.Join(columns, ", "))
}
