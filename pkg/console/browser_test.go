package console_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/wageguard/wageguard/pkg/store"
	"github.com/wageguard/wageguard/pkg/store/storetest"
)

// Environment variables that steer the browser tests.
const (
	// EnvRequireChromium "1" fails, rather than skips, the browser tests
	// when no Chromium is installed (.ci/run sets it).
	EnvRequireChromium = "WAGEGUARD_TEST_REQUIRE_CHROMIUM"
	// EnvScreenshots names a directory to keep the screenshots in; without
	// it they go to the test's temporary directory.
	EnvScreenshots = "WAGEGUARD_TEST_SCREENSHOTS"
)

// chromiumPath finds Debian's chromium, or skips the test saying how to get
// it (fails under WAGEGUARD_TEST_REQUIRE_CHROMIUM=1).
func chromiumPath(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv(EnvRequireChromium) == "1" {
		t.Fatalf("chromium is not installed and %s=1: apt-get install -y chromium", EnvRequireChromium)
	}
	t.Skip("chromium is not installed: the browser tests need it (apt-get install -y chromium); .ci/run installs it and requires them")
	return ""
}

// chrome is one headless Chromium with a fresh profile, speaking Chinese
// first as an inspector's browser would.
type chrome struct {
	t    *testing.T
	ctx  context.Context
	base string
	dir  string
	name string
}

func newChrome(t *testing.T, f *fixture, name string) *chrome {
	exe := chromiumPath(t)
	opts := []chromedp.ExecAllocatorOption{chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1280, 900),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true)}
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	dir := os.Getenv(EnvScreenshots)
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	c := &chrome{t: t, ctx: ctx, base: f.srv.URL, dir: dir, name: name}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: network.Headers{"Accept-Language": "zh-CN,zh;q=0.9"}}); err != nil {
		t.Fatal(err)
	}
	return c
}

// run runs actions, each step given 20 seconds; on failure it keeps a
// screenshot of where the browser got to.
func (c *chrome) run(actions ...chromedp.Action[chromedp.Void]) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(c.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		loc, _ := chromedp.Run(c.ctx, chromedp.Location())
		if png, err := chromedp.Run(c.ctx, chromedp.FullScreenshot(100)); err == nil {
			_ = os.WriteFile(filepath.Join(c.dir, c.name+"-failure.png"), png, 0o644)
		}
		c.t.Fatalf("at %s: %v", loc, err)
	}
}

func get[T any](c *chrome, a chromedp.Action[T]) T {
	c.t.Helper()
	v, err := chromedp.Run(c.ctx, a)
	if err != nil {
		c.t.Fatal(err)
	}
	return v
}

// shot saves the whole page as <dir>/<test>-<name>.png.
func (c *chrome) shot(name string) {
	c.t.Helper()
	png := get(c, chromedp.FullScreenshot(100))
	path := filepath.Join(c.dir, c.name+"-"+name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		c.t.Fatal(err)
	}
	c.t.Logf("screenshot %s", path)
}

// follow clicks sel, which leaves the page, and waits for the next page's
// wait element: the old page is marked first, so its own copy of the
// element does not count.
func (c *chrome) follow(sel, wait string) {
	c.t.Helper()
	get(c, chromedp.Evaluate[bool](`document.body.dataset.left = "1"; true`))
	c.run(chromedp.Click(chromedp.CSS(sel)), chromedp.WaitVisible(chromedp.CSS("body:not([data-left]) "+wait)))
}

func (c *chrome) text(sel string) string {
	c.t.Helper()
	return get(c, chromedp.Text(chromedp.CSS(sel)))
}

func (c *chrome) signIn(key string) {
	c.t.Helper()
	c.run(chromedp.Navigate(c.base+"/console/"), chromedp.WaitVisible(chromedp.CSS("#key")))
	c.shot("signin")
	c.run(chromedp.SendKeys(chromedp.CSS("#key"), key))
	c.follow("button[type=submit].primary", "main h1")
}

// browserEach runs a browser test on each database in turn: one Chromium
// at a time is what this machine affords.
func browserEach(t *testing.T, fn func(t *testing.T, f *fixture, c *chrome)) {
	chromiumPath(t)
	for _, d := range storetest.Dialects {
		t.Run(d, func(t *testing.T) {
			clock := storetest.NewClock(built)
			f := newFixture(t, storetest.New(t, d, store.WithClock(clock.Now)), clock)
			fn(t, f, newChrome(t, f, t.Name()[strings.LastIndex(t.Name(), "/")+1:]+"-"+strings.SplitN(t.Name(), "/", 2)[0]))
		})
	}
}

// An inspector signs in, filters the queue, opens an alert, acknowledges
// it, orders rectification with a deadline and sees the history grow.
func TestBrowserInspectorWorksAnAlert(t *testing.T) {
	browserEach(t, func(t *testing.T, f *fixture, c *chrome) {
		c.signIn(f.keys["inspA"])
		c.run(chromedp.WaitVisible(chromedp.CSS("table.alerts")))
		c.shot("queue")
		c.run(chromedp.SetValue(chromedp.CSS("select[name=rule]"), "wages_unpaid"),
			chromedp.SetValue(chromedp.CSS("select[name=sort]"), "amount_at_risk"))
		c.follow("#apply-filters", "table.alerts")
		loc := get(c, chromedp.Location())
		rows := get(c, chromedp.Evaluate[int](`document.querySelectorAll("table.alerts tbody tr").length`))
		if !strings.Contains(loc, "rule=wages_unpaid") || rows != 2 {
			t.Fatalf("filtered queue at %s shows %d alerts, want the 2 of Fangshan's wages_unpaid", loc, rows)
		}
		c.follow("a.alert-link", "#history")
		if got := c.text("#alert-status"); !strings.Contains(got, "待处理") {
			t.Fatalf("status %q", got)
		}
		c.shot("alert")
		c.follow("#action-acknowledge button", ".flash")
		if got := c.text("#alert-status"); !strings.Contains(got, "已签收") {
			t.Fatalf("after acknowledging, status %q", got)
		}
		c.run(chromedp.SetValue(chromedp.CSS("#action-order_rectification input[name=deadline]"), "2026-03-31"),
			chromedp.SendKeys(chromedp.CSS("#action-order_rectification textarea"), "限期十日内足额支付二月工资"))
		c.follow("#action-order_rectification button", "#alert-deadline")
		history := c.text("#history")
		for _, want := range []string{"发现", "签收", "责令整改", "2026-03-31", "限期十日内足额支付二月工资"} {
			if !strings.Contains(history, want) {
				t.Fatalf("history lacks %q:\n%s", want, history)
			}
		}
		if got := c.text("#alert-status"); !strings.Contains(got, "责令整改") {
			t.Fatalf("after the order, status %q", got)
		}
		c.shot("alert-ordered")
		c.follow(".crumbs a:nth-of-type(2)", "svg.chart")
		c.shot("project")
		c.follow("a[href*='/workers/']", "main h1")
		c.shot("worker")
		c.run(chromedp.Navigate(c.base+"/console/checks"), chromedp.WaitVisible(chromedp.CSS("table.list")))
		c.shot("checks")
		c.run(chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulateScale(2)), chromedp.Navigate(c.base+"/console/alerts?status=open"),
			chromedp.WaitVisible(chromedp.CSS("table.alerts")))
		c.shot("queue-phone")
		c.follow("a.lang", "table.alerts")
		if got := c.text("main h1"); got != "Alert queue" {
			t.Fatalf("after the language switch, the heading reads %q", got)
		}
		c.shot("queue-phone-en")
	})
}

// A contractor uploads a payroll with bad rows and sees each explained
// beside the row as its file has it; another contractor's project is not
// there for it.
func TestBrowserContractorUploadsAPayroll(t *testing.T) {
	browserEach(t, func(t *testing.T, f *fixture, c *chrome) {
		c.signIn(f.keys["subA"])
		c.run(chromedp.WaitVisible(chromedp.CSS("a.project-link")))
		c.shot("projects")
		c.follow("a.project-link", "#payrolls")
		c.shot("project")
		c.follow("#payrolls a", "#lines")
		c.shot("payroll")
		file := filepath.Join(t.TempDir(), "一月工资.csv")
		bad := workerID(2)
		bad = bad[:17] + string("0123456789X"[(strings.IndexByte("0123456789X", bad[17])+1)%11])
		csv := "姓名,身份证号,银行卡号,出勤天数,应发工资,扣款,实发工资,本人签字确认\n" +
			fmt.Sprintf("%s,%s,%s,22,6100.00,100.00,6000.00,是\n", workerName(2), workerID(2), workerCard(2)) +
			fmt.Sprintf("%s,%s,%s,22,6100.00,100.00,6000.00,是\n", workerName(2), bad, workerCard(2)) +
			fmt.Sprintf("%s,%s,%s,22,6100.00,100.00,六千,是\n", workerName(7), workerID(7), workerCard(7))
		if err := os.WriteFile(file, []byte(csv), 0o644); err != nil {
			t.Fatal(err)
		}
		c.run(chromedp.Navigate(c.base+"/console/projects/"+f.projectA+"/upload"), chromedp.WaitVisible(chromedp.CSS("input[type=file]")),
			chromedp.SetValue(chromedp.CSS("select[name=period]"), "2026-01"),
			chromedp.SetUploadFiles(chromedp.CSS("input[type=file]"), []string{file}))
		c.follow("#upload-submit", "#upload-errors")
		errs := c.text("#upload-errors")
		for _, want := range []string{"末位应为", workerName(7), "6100.00", "实发工资"} {
			if !strings.Contains(errs, want) {
				t.Fatalf("the refusal lacks %q:\n%s", want, errs)
			}
		}
		if strings.Contains(errs, bad) || strings.Contains(errs, workerID(7)) {
			t.Fatalf("the refusal shows a full identity number:\n%s", errs)
		}
		badCells := get(c, chromedp.Evaluate[int](`document.querySelectorAll("td.badcell").length`))
		if badCells < 2 {
			t.Fatalf("%d cells marked bad, want the identity number and the net pay", badCells)
		}
		c.shot("upload-refused")
		c.run(chromedp.Navigate(c.base+"/console/projects/"+f.projectB), chromedp.WaitVisible(chromedp.CSS("main h1")))
		if body := c.text("main"); !strings.Contains(body, "找不到此页面") || strings.Contains(body, "望京商务楼") {
			t.Fatalf("another contractor's project is shown:\n%s", body)
		}
		c.shot("other-project")
	})
}

// An inspector works a complaint from the queue, then takes a unit through
// the listing workflow: its order to pay lapsed unpaid, escalates its alert,
// proposes it from the candidate list, records the notice and the reply,
// lists it on the mass incident it records, and finds it on the public
// list.
func TestBrowserInspectorListsAUnit(t *testing.T) {
	browserEach(t, func(t *testing.T, f *fixture, c *chrome) {
		cmp := f.fileComplaint(t, "inspA", f.projectA, "王五")
		c.signIn(f.keys["inspA"])
		c.run(chromedp.Navigate(c.base+"/console/complaints"), chromedp.WaitVisible(chromedp.CSS("table.complaints")))
		c.shot("complaints")
		c.follow("a.complaint-link[href$='"+cmp+"']", "#complaint-status")
		c.follow("#cmp-action-accept button", ".flash")
		if got := c.text("#complaint-status"); !strings.Contains(got, "已受理") {
			t.Fatalf("after accepting, status %q", got)
		}
		c.shot("complaint-accepted")

		alertID := f.alertOf(t, f.projectA, "employer:"+f.orgs["subA"])
		f.lapsedOrder(t, alertID)
		c.signIn(f.keys["inspA"]) // the order's lapse moved the clock past the session's idle time
		c.run(chromedp.Navigate(c.base+"/console/alerts/"+alertID), chromedp.WaitVisible(chromedp.CSS("#history")),
			chromedp.SendKeys(chromedp.CSS("#action-escalate textarea"), "限期支付令逾期未履行"))
		c.follow("#action-escalate button", ".flash")
		c.run(chromedp.Navigate(c.base+"/console/blacklist/candidates"), chromedp.WaitVisible(chromedp.CSS("section.candidate")))
		form := "#propose-" + f.orgs["subA"]
		c.run(chromedp.SendKeys(chromedp.CSS(form+" textarea[name=reason]"), "拖欠工资达到数额较大标准"),
			chromedp.SendKeys(chromedp.CSS(form+" input[name=person_name_1]"), "孙八"))
		c.shot("candidates")
		c.follow(form+" button", "#steps")
		c.run(chromedp.SendKeys(chromedp.CSS("#bl-action-notify textarea"), "拟列入失信联合惩戒对象名单告知书"))
		c.follow("#bl-action-notify button", ".flash")
		c.run(chromedp.SendKeys(chromedp.CSS("#bl-action-reply textarea"), "我司资金困难，请求宽限"))
		c.follow("#bl-action-reply button", ".flash")
		c.run(chromedp.SendKeys(chromedp.CSS("#bl-action-list textarea"), "欠薪引发群体性事件，陈述申辩理由不成立，决定列入"),
			chromedp.SetValue(chromedp.CSS("#bl-action-list select[name=ground]"), "mass_incident"),
			chromedp.SendKeys(chromedp.CSS("#bl-action-list input[name=person_name_1]"), "孙八"))
		c.follow("#bl-action-list button", ".flash")
		if got := c.text("#proposal-status"); !strings.Contains(got, "已列入") {
			t.Fatalf("after listing, status %q", got)
		}
		steps := c.text("#steps")
		for _, want := range []string{"书面告知", "我司资金困难", "陈述申辩理由不成立", "2029-03-21"} { // listed on Sunday 22 March, the day after the order lapsed
			if !strings.Contains(steps, want) {
				t.Fatalf("the steps lack %q:\n%s", want, steps)
			}
		}
		c.shot("proposal-listed")
		c.follow(".crumbs a", "main h1")
		if got := c.text("table.public-list"); !strings.Contains(got, f.names["subA"]) || !strings.Contains(got, "孙八") {
			t.Fatalf("the public list:\n%s", got)
		}
		c.shot("blacklist")
	})
}

// An inspector opens the statistics from the navigation, picks February
// and sees the charts and the download link for the same figures.
func TestBrowserInspectorReadsTheStatistics(t *testing.T) {
	browserEach(t, func(t *testing.T, f *fixture, c *chrome) {
		c.signIn(f.keys["inspA"])
		c.follow("nav a[href='/console/stats']", "#stats-totals")
		c.run(chromedp.SetValue(chromedp.CSS("input[name=period]"), "2026-02"))
		c.follow("form.filters button[type=submit]", "#stats-pyramid")
		if got := c.text("#stats-totals"); !strings.Contains(got, "3") {
			t.Fatalf("totals %q", got)
		}
		bars := get(c, chromedp.Evaluate[int](`document.querySelectorAll("#stats-origins rect, #stats-pyramid rect, #stats-wages rect").length`))
		if bars < 4 {
			t.Fatalf("%d bars drawn", bars)
		}
		if href := get(c, chromedp.Evaluate[string](`document.querySelector("#stats-download").getAttribute("href")`)); !strings.Contains(href, "period=2026-02") {
			t.Fatalf("download link %q", href)
		}
		c.shot("statistics")
	})
}
