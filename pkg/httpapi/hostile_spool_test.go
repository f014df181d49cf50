package httpapi_test

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// spooled lists the regular files under dir and what they hold.
func spooled(t *testing.T, dir string) map[string][]byte {
	out := map[string][]byte{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			b, _ := os.ReadFile(p)
			out[p] = b
		}
		return nil
	})
	return out
}

// Issue 16, item 4: an upload waits on disk while it is received and
// checked; a kill -9 then left its identity and card numbers there in
// clear. The test holds an upload half-sent and reads the disk: the
// spooled bytes must not hold the number. Not parallel: it points TMPDIR
// (where the spool is by default) at a directory of its own.
func TestSpooledUploadIsNotInClear(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("TMPDIR", dir)
	s := newSite(t, storetest.New(t, "sqlite"), "110105")
	id := ledger.CompleteResidentID("11010519900101" + "123")
	row := fmt.Sprintf("张伟,%s,13800138001,钢筋班,钢筋工,6222021000000000017,中国工商银行北京分行,劳动合同,2026-03-01,2026-03-02\n", id)
	pr, pw := io.Pipe()
	req := httptest.NewRequest("POST", s.path("/workers/import"), pr)
	req.Header.Set("Authorization", "Bearer "+s.gcKey)
	req.Header.Set("Content-Type", "multipart/form-data; boundary=XYZ")
	done := make(chan int)
	go func() {
		w := httptest.NewRecorder()
		s.api.Handler().ServeHTTP(w, req)
		done <- w.Code
	}()
	fmt.Fprint(pw, "--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"w.csv\"\r\nContent-Type: text/csv\r\n\r\n")
	fmt.Fprint(pw, "姓名,身份证号,手机号,班组,工种,银行卡号,开户行,合同类型,合同签订日期,进场日期\n")
	fmt.Fprint(pw, strings.Repeat(row, (200<<10)/len(row)))
	var files map[string][]byte
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		files = spooled(t, dir)
		size := 0
		for _, b := range files {
			size += len(b)
		}
		if size >= 64<<10 {
			break
		}
	}
	if len(files) == 0 {
		t.Fatal("nothing was spooled to disk")
	}
	for p, b := range files {
		t.Logf("spooled while receiving: %s, %d KB", p, len(b)>>10)
		if bytes.Contains(b, []byte(id)) || bytes.Contains(b, []byte("6222021000000000017")) {
			t.Errorf("%s holds the identity or card number in clear", p)
		}
	}
	fmt.Fprint(pw, "\r\n--XYZ--\r\n")
	pw.Close()
	<-done
	if left := spooled(t, dir); len(left) > 0 {
		t.Errorf("after the upload, %d files are left in the temporary directory", len(left))
	}
}
