package console_test

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"github.com/wageguard/wageguard/pkg/evidence"
)

// download clicks sel, a link to a file, and returns the file Chromium
// saved in dir.
func (c *chrome) download(dir, sel string) []byte {
	c.t.Helper()
	yes := true
	if _, err := chromedp.Call(c.ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllow, DownloadPath: dir, EventsEnabled: &yes}); err != nil {
		c.t.Fatal(err)
	}
	progress := chromedp.Events(c.ctx, cdpbrowser.DownloadProgress)
	c.run(chromedp.Click(chromedp.CSS(sel)))
	for ev, err := range progress {
		if err != nil {
			c.t.Fatalf("downloading %s: %v", sel, err)
		}
		if ev.State == cdpbrowser.DownloadProgressStateCanceled {
			c.t.Fatalf("the download of %s was cancelled", sel)
		}
		if ev.State != cdpbrowser.DownloadProgressStateCompleted {
			continue
		}
		b, err := os.ReadFile(ev.FilePath)
		if err != nil {
			c.t.Fatalf("the download of %s: %v", sel, err)
		}
		return b
	}
	c.t.Fatalf("no download of %s", sel)
	return nil
}

// An inspector re-issues a worker's payslip link from the payroll's page
// and reads it once (the printed link still opens: a grant of its own); then downloads a complaint's evidence bundle and its
// detached signature as two files, which verify together (as `wageguard
// evidence verify FILE --sig FILE.sig` checks them) under the key the page
// names.
func TestBrowserInspectorReissuesALinkAndSignsABundle(t *testing.T) {
	browserEach(t, func(t *testing.T, f *fixture, c *chrome) {
		links := f.issuePayslips(t, "gcA")
		cmp := f.fileComplaint(t, "inspA", f.projectA, "王五")
		c.signIn(f.keys["inspA"])
		c.run(chromedp.Navigate(c.base+"/console/payrolls/"+f.payrolls["gcA"]), chromedp.WaitVisible(chromedp.CSS("#payslips")))
		c.shot("payslips")
		c.run(chromedp.SendKeys(chromedp.CSS("form.payslip-reissue input[name=note]"), "工资条被班组长扣留"))
		c.follow("form.payslip-reissue button", "#payslip-reissued-link")
		link := c.text("#payslip-reissued-link")
		if !strings.HasPrefix(link, c.base+"/w/") || !strings.Contains(c.text("#payslip-reissued"), links[0].WorkerName) {
			t.Fatalf("the re-issued link %q:\n%s", link, c.text("#payslips"))
		}
		if got := f.status(t, strings.TrimPrefix(link, c.base)); got != http.StatusOK {
			t.Fatalf("the re-issued link opens: %d", got)
		}
		// The worker's link is a grant of its own: the one the contractor
		// printed is left as it was, and still opens the page.
		if got := f.status(t, "/w/"+links[0].Token); got != http.StatusOK {
			t.Fatalf("the printed link no longer opens: %d", got)
		}
		c.shot("payslip-reissued")

		if _, err := os.Stat(evidence.DefaultFont); err != nil {
			t.Skipf("no CJK font at %s: the evidence bundle is not made", evidence.DefaultFont)
		}
		c.run(chromedp.Navigate(c.base+"/console/complaints/"+cmp), chromedp.WaitVisible(chromedp.CSS("#complaint-evidence-sig")))
		c.shot("complaint-evidence")
		dir := t.TempDir()
		zip := c.download(dir, "#complaint-evidence")
		sig := c.download(dir, "#complaint-evidence-sig")
		for _, name := range []string{"evidence-" + cmp + ".zip", "evidence-" + cmp + ".zip.sig"} {
			if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
				t.Errorf("the file the browser saved: %v", err)
			}
		}
		pub, err := evidence.ParsePublicKey(c.text("#complaint-evidence-key"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := evidence.Verify(zip, pub); err != nil {
			t.Fatal(err)
		}
		if err := evidence.VerifyDetached(zip, string(sig), pub); err != nil {
			t.Fatalf("the downloaded signature does not verify the downloaded bundle: %v", err)
		}
		if cmd := c.text("#complaint-evidence-verify"); !strings.Contains(cmd, "evidence-"+cmp+".zip --sig evidence-"+cmp+".zip.sig --public-key") {
			t.Errorf("the command the page gives: %q", cmd)
		}
	})
}
