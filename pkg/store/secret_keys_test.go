package store_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// Every ciphertext column (…_enc) and blind index column (…_index) of the
// migrated schema is one a key rotation rewrites: a column added later and
// left out of store.SealedTables would keep data under a retired key. So is
// the sealed columns not named so: the idempotent answers' response.
func TestKeyRotationCoversEverySealedColumn(t *testing.T) {
	for _, dialect := range storetest.Dialects {
		t.Run(dialect, func(t *testing.T) {
			schema := describeSchema(t, storetest.New(t, dialect))
			inSchema, rotated := []string{"idempotency_keys.response", "project_idempotency_keys.response"}, []string(nil)
			for table, desc := range schema.Tables {
				for col := range desc.Columns {
					if strings.HasSuffix(col, "_enc") || strings.HasSuffix(col, "_index") {
						inSchema = append(inSchema, table+"."+col)
					}
				}
			}
			for _, tb := range store.SealedTables {
				for _, f := range tb.Fields {
					rotated = append(rotated, tb.Name+"."+f.Enc)
					if f.Index != "" {
						rotated = append(rotated, tb.Name+"."+f.Index)
					}
				}
			}
			sort.Strings(inSchema)
			sort.Strings(rotated)
			if strings.Join(inSchema, " ") != strings.Join(rotated, " ") {
				t.Fatalf("sealed columns in the schema:\n  %s\nrotated by store.SealedTables:\n  %s", strings.Join(inSchema, " "), strings.Join(rotated, " "))
			}
		})
	}
}
