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

package sqlite

import (
	"encoding/hex"
	"math"
	"strings"
	"time"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// The handler filters and sorts every document the backend returns again, so a translated WHERE
// only has to return a superset of the matching documents. It has to be exact (no extra rows)
// only when LIMIT is pushed down too, which happens only when everything was translated.
//
// Without the client's vouching, only `_id` conditions are translated: an `_id` is never an array,
// so its equality is exact. With it (see backends.QueryParams.Vouched), top-level scalar conditions
// are translated with Mongo's type bracketing: each comparison also checks the sjson schema type,
// so {f: true} does not match 1, {f: {$gt: 5}} does not match strings, and null matches missing.

// filterSQL accumulates the translation of one filter.
type filterSQL struct {
	vouched bool
	args    []any
}

const numericTypes = `('int', 'long', 'double')`

// translateFilter returns the SQL conditions to AND together, and whether they are exactly the filter.
func (t *filterSQL) translateFilter(filter *types.Document) (conds []string, exact bool) {
	exact = true

	iter := filter.Iterator()
	defer iter.Close()

	for {
		k, v, err := iter.Next()
		if err != nil {
			break
		}

		switch {
		case k == "$comment":
			continue

		case k == "_id":
			if c, ok := t.idCondition(v); ok {
				conds = append(conds, c)
				continue
			}

		case k == "$and" && t.vouched:
			arr, ok := v.(*types.Array)
			if !ok || arr.Len() == 0 {
				exact = false
				continue
			}

			for i := range arr.Len() {
				sub, ok := must.NotFail(arr.Get(i)).(*types.Document)
				if !ok {
					exact = false
					continue
				}

				c, e := t.translateFilter(sub)
				conds = append(conds, c...)
				exact = exact && e
			}

			continue

		case k == "$or" && t.vouched:
			if c, ok := t.orCondition(v); ok {
				conds = append(conds, c)
				continue
			}

			exact = false

			continue
		}

		if !t.vouched || !metadata.IsSimpleField(k) {
			exact = false
			continue
		}

		c, e := t.fieldConditions(k, v)
		conds = append(conds, c...)
		exact = exact && e
	}

	return conds, exact
}

// orCondition translates $or only if every branch translates exactly (a dropped branch would lose rows).
func (t *filterSQL) orCondition(v any) (string, bool) {
	arr, ok := v.(*types.Array)
	if !ok || arr.Len() == 0 {
		return "", false
	}

	saved := len(t.args)
	branches := make([]string, 0, arr.Len())

	for i := range arr.Len() {
		sub, ok := must.NotFail(arr.Get(i)).(*types.Document)
		if !ok {
			t.args = t.args[:saved]
			return "", false
		}

		c, e := t.translateFilter(sub)
		if !e {
			t.args = t.args[:saved]
			return "", false
		}

		branches = append(branches, andOf(c))
	}

	return "(" + strings.Join(branches, " OR ") + ")", true
}

func andOf(conds []string) string {
	if len(conds) == 0 {
		return "1"
	}

	return "(" + strings.Join(conds, " AND ") + ")"
}

// idCondition translates `_id` equality or $in of strings and ObjectIDs to the `_id` index's expression.
func (t *filterSQL) idCondition(v any) (string, bool) {
	var values []any

	switch v := v.(type) {
	case string, types.ObjectID:
		values = []any{v}
	case *types.Document:
		if v.Len() != 1 {
			return "", false
		}

		op := v.Keys()[0]
		arg := must.NotFail(v.Get(op))

		switch op {
		case "$eq":
			values = []any{arg}
		case "$in":
			arr, ok := arg.(*types.Array)
			if !ok || arr.Len() == 0 {
				return "", false
			}

			for i := range arr.Len() {
				values = append(values, must.NotFail(arr.Get(i)))
			}
		default:
			return "", false
		}
	default:
		return "", false
	}

	placeholders := make([]string, len(values))
	saved := len(t.args)
	kinds := map[string]bool{}

	for i, id := range values {
		switch id.(type) {
		case string:
			kinds["string"] = true
		case types.ObjectID:
			kinds["objectId"] = true
		default:
			t.args = t.args[:saved]
			return "", false
		}

		placeholders[i] = "?"
		t.args = append(t.args, string(must.NotFail(sjson.MarshalSingleValue(id))))
	}

	c := metadata.IDColumn + " IN (" + strings.Join(placeholders, ", ") + ")"
	if len(values) == 1 {
		c = metadata.IDColumn + " = ?"
	}

	// A string _id and an ObjectID with the same hex have the same JSON text (so the unique `_id`
	// index never holds both); the type check keeps the other one out of a pushed-down page.
	if t.vouched && len(kinds) == 1 {
		for ty := range kinds {
			c += " AND " + metadata.TypeExpr("_id") + " = '" + ty + "'"
		}
	}

	return c, true
}

// fieldConditions translates the condition on one top-level field.
func (t *filterSQL) fieldConditions(field string, v any) ([]string, bool) {
	doc, ok := v.(*types.Document)
	if !ok {
		c, ok := t.eqCondition(field, v)
		if !ok {
			return nil, false
		}

		return []string{c}, true
	}

	if doc.Len() == 0 {
		return nil, false
	}

	var conds []string
	exact := true

	for _, op := range doc.Keys() {
		arg := must.NotFail(doc.Get(op))

		var c string
		var ok bool

		switch op {
		case "$eq":
			c, ok = t.eqCondition(field, arg)
		case "$ne":
			c, ok = t.negate(t.eqCondition(field, arg))
		case "$in":
			c, ok = t.inCondition(field, arg)
		case "$nin":
			c, ok = t.negate(t.inCondition(field, arg))
		case "$gt", "$gte", "$lt", "$lte":
			c, ok = t.rangeCondition(field, op, arg)
		default:
			if !strings.HasPrefix(op, "$") {
				// equality with a document
				return nil, false
			}
		}

		if !ok {
			exact = false
			continue
		}

		conds = append(conds, c)
	}

	return conds, exact
}

// negate returns NOT c, where a NULL (missing field) counts as false before negation, as in Mongo.
func (t *filterSQL) negate(c string, ok bool) (string, bool) {
	if !ok {
		return "", false
	}

	return "NOT COALESCE(" + c + ", 0)", true
}

// sqlValue returns the value a scalar has as ValueExpr, and its sjson type class
// (a parenthesized list for numbers), or ok=false for values that are not translated.
func sqlValue(v any) (arg any, typeCheck string, ok bool) {
	switch v := v.(type) {
	case string:
		return v, "= 'string'", true
	case types.ObjectID:
		return hex.EncodeToString(v[:]), "= 'objectId'", true
	case bool:
		if v {
			return int64(1), "= 'bool'", true
		}

		return int64(0), "= 'bool'", true
	case int32:
		return int64(v), "IN " + numericTypes, true
	case int64:
		return v, "IN " + numericTypes, true
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, "", false
		}

		return v, "IN " + numericTypes, true
	case time.Time:
		return v.UnixMilli(), "= 'date'", true
	}

	return nil, "", false
}

// eqCondition translates {field: v}.
func (t *filterSQL) eqCondition(field string, v any) (string, bool) {
	if field == "_id" {
		if c, ok := t.idCondition(v); ok {
			return c, true
		}
	}

	if _, ok := v.(types.NullType); ok {
		return metadata.ValueExpr(field) + " IS NULL", true
	}

	arg, typeCheck, ok := sqlValue(v)
	if !ok {
		return "", false
	}

	t.args = append(t.args, arg)

	return "(" + metadata.ValueExpr(field) + " = ? AND " + metadata.TypeExpr(field) + " " + typeCheck + ")", true
}

// inCondition translates {field: {$in: [...]}}, grouping the values by type class so the index serves each group.
func (t *filterSQL) inCondition(field string, v any) (string, bool) {
	arr, ok := v.(*types.Array)
	if !ok {
		return "", false
	}

	if arr.Len() == 0 {
		return "0", true
	}

	if field == "_id" {
		if c, ok := t.idCondition(must.NotFail(types.NewDocument("$in", arr))); ok {
			return c, true
		}
	}

	var hasNull bool
	var order []string
	groups := map[string][]any{}

	for i := range arr.Len() {
		e := must.NotFail(arr.Get(i))
		if _, ok := e.(types.NullType); ok {
			hasNull = true
			continue
		}

		arg, typeCheck, ok := sqlValue(e)
		if !ok {
			return "", false
		}

		if _, seen := groups[typeCheck]; !seen {
			order = append(order, typeCheck)
		}

		groups[typeCheck] = append(groups[typeCheck], arg)
	}

	var parts []string
	if hasNull {
		parts = append(parts, metadata.ValueExpr(field)+" IS NULL")
	}

	for _, typeCheck := range order {
		args := groups[typeCheck]
		parts = append(parts, "("+metadata.ValueExpr(field)+" IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(args)), ", ")+
			") AND "+metadata.TypeExpr(field)+" "+typeCheck+")")
		t.args = append(t.args, args...)
	}

	return "(" + strings.Join(parts, " OR ") + ")", true
}

// rangeCondition translates $gt, $gte, $lt and $lte, which match only values of the argument's type class.
func (t *filterSQL) rangeCondition(field, op string, v any) (string, bool) {
	arg, typeCheck, ok := sqlValue(v)
	if !ok {
		return "", false
	}

	sqlOp := map[string]string{"$gt": ">", "$gte": ">=", "$lt": "<", "$lte": "<="}[op]
	t.args = append(t.args, arg)

	return "(" + metadata.ValueExpr(field) + " " + sqlOp + " ? AND " + metadata.TypeExpr(field) + " " + typeCheck + ")", true
}

// prepareWhereClause returns the WHERE clause for the filter, its arguments, and whether it is exact.
func prepareWhereClause(filter *types.Document, vouched bool) (string, []any, bool) {
	if filter.Len() == 0 {
		return "", nil, true
	}

	t := &filterSQL{vouched: vouched}
	conds, exact := t.translateFilter(filter)

	if len(conds) == 0 {
		return "", nil, exact
	}

	return " WHERE " + strings.Join(conds, " AND "), t.args, exact
}

// prepareVouchedOrderBy translates a sort on top-level fields; rowid breaks ties, as the handler's
// stable sort of rows read in rowid order would.
func prepareVouchedOrderBy(sort *types.Document) (string, bool) {
	keys := make([]string, 0, sort.Len()+1)

	for _, k := range sort.Keys() {
		if !metadata.IsSimpleField(k) {
			return "", false
		}

		var desc bool

		switch must.NotFail(sort.Get(k)) {
		case int64(1), int32(1), float64(1):
		case int64(-1), int32(-1), float64(-1):
			desc = true
		default:
			return "", false
		}

		key := metadata.ValueExpr(k)
		if desc {
			key += " DESC"
		}

		keys = append(keys, key)
	}

	keys = append(keys, "rowid")

	return " ORDER BY " + strings.Join(keys, ", "), true
}

// queryShape is what Query and Explain translate.
type queryShape struct {
	filter       *types.Document
	sort         *types.Document // upstream's: nil or {$natural: ±1}
	limit        int64
	vouched      bool
	vouchedSort  *types.Document
	vouchedLimit int64
}

// pushdownInfo tells what was pushed down, for explain.
type pushdownInfo struct {
	filter, sort, limit bool
}

// prepareQueryTail returns the WHERE, ORDER BY and LIMIT clauses and their arguments.
func prepareQueryTail(capped bool, s *queryShape) (string, []any, pushdownInfo) {
	vouched := s.vouched && !capped

	whereClause, args, exact := prepareWhereClause(s.filter, vouched)
	pd := pushdownInfo{filter: whereClause != "" && exact}

	orderByClause := prepareOrderByClause(s.sort)
	pd.sort = orderByClause != ""
	limit := s.limit

	if orderByClause == "" && !capped {
		sorted := false
		if vouched {
			orderByClause, sorted = prepareVouchedOrderBy(s.vouchedSort)
		}

		switch {
		case sorted:
			pd.sort = s.vouchedSort.Len() > 0

			if exact && s.vouchedLimit > 0 {
				limit = s.vouchedLimit
			}
		case whereClause != "":
			// an index may return rows out of rowid order; the handler's stable sort expects rowid order
			orderByClause = " ORDER BY rowid"
		}
	}

	q := whereClause + orderByClause

	if limit != 0 {
		q += ` LIMIT ?`
		args = append(args, limit)
		pd.limit = true
	}

	return q, args, pd
}
