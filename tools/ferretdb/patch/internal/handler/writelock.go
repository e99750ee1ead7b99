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

package handler

import "sync"

// Upstream runs an update statement or a findAndModify as a read (query), the update applied in
// Go, and a write of the whole document, with nothing that checks the document did not change in
// between: two concurrent `$inc` of one document lose one, and a conditional replace
// (`{_id, rev}`) can match twice. One FerretDB process owns the embedded database, so holding a
// process-wide lock per collection from the read to the write makes each statement atomic for
// every client. (SQLite serialises writers anyway; reads elsewhere do not wait for it.)
var collectionWriteLocks sync.Map // "db.collection" -> *sync.Mutex

// lockCollection locks the collection's write lock and returns its unlock.
func lockCollection(db, collection string) func() {
	v, _ := collectionWriteLocks.LoadOrStore(db+"."+collection, new(sync.Mutex))
	m := v.(*sync.Mutex)
	m.Lock()

	return m.Unlock
}
