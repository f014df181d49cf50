package console_test

import (
	"encoding/json"
	"html"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/pkg/evidence"
)

var (
	bundleLink = regexp.MustCompile(`id="complaint-evidence" href="([^"]+)"`)
	sigLink    = regexp.MustCompile(`id="complaint-evidence-sig" href="([^"]+)"`)
	keyText    = regexp.MustCompile(`<code id="complaint-evidence-key">([^<]+)</code>`)
)

// evidenceLinks are the complaint page's bundle and signature links and the
// public key it names.
func evidenceLinks(t *testing.T, body string) (zip, sig, key string) {
	t.Helper()
	z, s, k := bundleLink.FindStringSubmatch(body), sigLink.FindStringSubmatch(body), keyText.FindStringSubmatch(body)
	if z == nil || s == nil || k == nil {
		t.Fatalf("the complaint page lacks the bundle, its signature or the key:\n%s", body)
	}
	return html.UnescapeString(z[1]), html.UnescapeString(s[1]), html.UnescapeString(k[1])
}

// The console's evidence bundle comes with its detached signature: the
// .sig link serves the signature of the bundle this browser last
// downloaded for those months, which verifies it (as `wageguard evidence
// verify FILE --sig FILE.sig` does) under the key the page and the API
// publish, and fails on a changed byte or on the bundle downloaded before;
// before any download, or for other months, it says to download first.
func TestComplaintEvidenceSignature(t *testing.T) {
	if _, err := os.Stat(evidence.DefaultFont); err != nil {
		t.Skipf("no CJK font at %s (apt-get install fonts-droid-fallback)", evidence.DefaultFont)
	}
	eachDB(t, func(t *testing.T, f *fixture) {
		id := f.fileComplaint(t, "inspA", f.projectA, "王五")
		page := "/console/complaints/" + id
		b := f.signIn("inspA")
		zipHref, sigHref, keyB64 := evidenceLinks(t, b.get(page).body)
		if p := b.get(sigHref); p.status != http.StatusNotFound || !strings.Contains(p.body, "请先下载") {
			t.Fatalf("the signature before any bundle: %d\n%s", p.status, p.body)
		}
		var published struct {
			PublicKey string `json:"public_key"`
		}
		resp, err := http.Get(f.srv.URL + "/api/v1/evidence/key")
		if err != nil {
			t.Fatal(err)
		}
		_ = json.NewDecoder(resp.Body).Decode(&published)
		resp.Body.Close()
		if published.PublicKey != keyB64 {
			t.Fatalf("the page names key %q, the API publishes %q", keyB64, published.PublicKey)
		}
		pub, err := evidence.ParsePublicKey(keyB64)
		if err != nil {
			t.Fatal(err)
		}
		first := b.get(zipHref)
		sig := b.get(sigHref)
		if first.status != http.StatusOK || sig.status != http.StatusOK ||
			sig.header.Get("Content-Disposition") != `attachment; filename="evidence-`+id+`.zip.sig"` ||
			first.header.Get("Content-Disposition") != `attachment; filename="evidence-`+id+`.zip"` {
			t.Fatalf("downloads: %d %d %v", first.status, sig.status, sig.header)
		}
		if _, err := evidence.Verify([]byte(first.body), pub); err != nil {
			t.Fatal(err)
		}
		if err := evidence.VerifyDetached([]byte(first.body), sig.body, pub); err != nil {
			t.Fatalf("the downloaded signature does not verify the downloaded bundle: %v (%q)", err, sig.body)
		}
		changed := []byte(first.body)
		changed[len(changed)/2] ^= 0x01
		if err := evidence.VerifyDetached(changed, sig.body, pub); err == nil {
			t.Error("a changed byte verifies")
		}
		// A second download is another file (its export is audited anew):
		// the signature then is the second's, not the first's.
		second := b.get(zipHref)
		sig2 := b.get(sigHref)
		if second.body == first.body || evidence.VerifyDetached([]byte(second.body), sig2.body, pub) != nil ||
			evidence.VerifyDetached([]byte(first.body), sig2.body, pub) == nil {
			t.Fatal("the signature after a second download is not the second bundle's alone")
		}
		if p := b.get(page + "/evidence.sig?from=2026-01&to=2026-02"); p.status != http.StatusNotFound {
			t.Errorf("the signature of months not downloaded: %d", p.status)
		}
		if p := f.signIn("inspA").get(sigHref); p.status != http.StatusNotFound {
			t.Errorf("another browser gets the signature: %d", p.status)
		}
		if p := f.signIn("gcA").get(sigHref); p.status == http.StatusOK {
			t.Error("a contractor gets the signature")
		}
	})
}
