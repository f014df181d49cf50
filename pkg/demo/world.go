package demo

import (
	"github.com/wageguard/wageguard/ledger"
)

// The demo's world: who the organisations are, which projects they run, how
// many people each employer has, and which problems are planted where. The
// plan is data; load.go and days.go carry it out through the service.

// Regions: the district the demo is about and a second one, so that a
// district inspector sees one and a city inspector both.
const (
	Fangshan = "110111" // 北京市房山区
	Fengtai  = "110106" // 北京市丰台区
	Beijing  = "110000"
)

type orgPlan struct {
	key    string
	name   string
	kind   ledger.OrgKind
	region string
}

var orgPlans = []orgPlan{
	{"owner1", "房山城建投资有限公司（演示）", ledger.OrgOwner, Fangshan},
	{"owner2", "长阳置业发展有限公司（演示）", ledger.OrgOwner, Fangshan},
	{"owner3", "丰台科创园开发有限公司（演示）", ledger.OrgOwner, Fengtai},
	{"gc1", "京西建工集团有限公司（演示）", ledger.OrgGeneralContractor, Fangshan},
	{"gc2", "燕山建设工程有限公司（演示）", ledger.OrgGeneralContractor, Fangshan},
	{"gc3", "丰泽建筑工程有限公司（演示）", ledger.OrgGeneralContractor, Fengtai},
	{"sub1", "良乡钢筋劳务有限公司（演示）", ledger.OrgSubcontractor, Fangshan},
	{"sub2", "拱辰砌筑劳务有限公司（演示）", ledger.OrgSubcontractor, Fangshan},
	{"sub3", "阎村木作劳务有限公司（演示）", ledger.OrgSubcontractor, Fangshan},
	{"sub4", "窦店混凝土劳务有限公司（演示）", ledger.OrgSubcontractor, Fangshan},
	{"sub5", "卢沟桥机电安装有限公司（演示）", ledger.OrgSubcontractor, Fengtai},
	{"bank1", "示范银行北京房山支行（演示）", ledger.OrgBank, Fangshan},
	{"bank2", "示范农商银行丰台支行（演示）", ledger.OrgBank, Fengtai},
	{"district", "北京市房山区人力资源和社会保障局劳动保障监察大队（演示）", ledger.OrgAuthority, Fangshan},
	{"city", "北京市人力资源和社会保障局劳动保障监察总队（演示）", ledger.OrgAuthority, Beijing},
}

// employerPlan is one employer's crew on a project.
type employerPlan struct {
	org    string
	share  int    // its part of the demo's workers, in hundredths
	trade  string // the crew's trade
	rate   string // gross pay per day worked, yuan
	team   string
	ghosts int // people on its payroll who never come (planted)
}

// Problems a project carries (zero values: none).
type problems struct {
	ownerStopsAt   int    // the owner stops allocating from this month (index ≥ 1)
	stopsPaying    string // an employer that stops submitting payrolls…
	stopsPayingAt  int    // …from this month
	failedCard     string // an employer one of whose payments fails in month failedAt and is never re-issued
	failedAt       int
	sharedCard     string // an employer two of whose workers are paid into one card
	leaver         string // an employer one of whose workers leaves in month leaverAt, unpaid
	leaverAt       int
	drawdown       string // the inspector draws on the guarantee to pay this employer's oldest unpaid month
	drawdownAt     int    // in this month
	letterDaysLeft int    // the guarantee is a bank letter expiring this many days after the as-of date (0: cash)
	lodgeAt        int    // the guarantee is lodged late, on the 10th of this month (0: in the first week)
	leftOff        string // an employer that leaves one worker who attended off its payroll…
	leftOffAt      int    // …for this month's period, and pays them by a supplementary payroll the month after
	lowPaid        string // an employer that pays one worker below the minimum wage…
	lowPaidAt      int    // …for this month's period, a full month at ¥100 a day or less (lowRate)
	partPaid       string // an employer one of whose payments the bank pays only in half…
	partPaidAt     int    // …for this month's period, the rest never
	order          string // the district inspector orders this employer to pay its oldest unpaid month…
	orderAt        int    // …on the 17th of this month, within 10 days; the order lapses
	// uninsuredAfter: the work-injury policy ends with this month and is
	// not renewed (0: insured for two years from the start).
	uninsuredAfter int
	uncertified    string // an employer one of whose special-operations workers has no operation certificate
	certExpires    string // an employer one of whose special-operations workers' certificate expires…
	certExpiresAt  int    // …at the end of this month
}

type projectPlan struct {
	key, code, name, region string
	owner, gc, bank         string
	account                 string
	contract                string // yuan
	employers               []employerPlan
	problems
}

// projectPlans: four projects, three in Fangshan and one in Fengtai. Month
// indexes count from the first simulated month (0).
var projectPlans = []projectPlan{
	{key: "P1", code: "FS-2025-017", name: "【演示】良乡大学城学生公寓项目", region: Fangshan, owner: "owner1", gc: "gc1", bank: "bank1",
		account: "11050188360000000017", contract: "186000000",
		employers: []employerPlan{
			{org: "gc1", share: 10, trade: "混凝土工", rate: "360", team: "总包直营班"},
			{org: "sub1", share: 17, trade: "钢筋工", rate: "420", team: "钢筋一班"},
			{org: "sub2", share: 13, trade: "砌筑工", rate: "380", team: "砌筑二班", ghosts: 1},
		},
		problems: problems{failedCard: "gc1", failedAt: 2, sharedCard: "sub1"}},
	{key: "P2", code: "FS-2025-031", name: "【演示】长阳镇棚户区改造安置房二期", region: Fangshan, owner: "owner2", gc: "gc2", bank: "bank1",
		account: "11050188360000000031", contract: "92000000",
		employers: []employerPlan{
			{org: "gc2", share: 7, trade: "架子工", rate: "400", team: "架子班"},
			{org: "sub3", share: 16, trade: "木工", rate: "450", team: "木工一班"},
		},
		problems: problems{ownerStopsAt: 2, drawdown: "gc2", drawdownAt: 4, order: "sub3", orderAt: 4, uncertified: "gc2"}},
	{key: "P3", code: "FS-2025-044", name: "【演示】窦店镇综合物流园仓储楼", region: Fangshan, owner: "owner1", gc: "gc1", bank: "bank1",
		account: "11050188360000000044", contract: "64000000",
		employers: []employerPlan{
			{org: "gc1", share: 7, trade: "普工", rate: "300", team: "杂工班"},
			{org: "sub4", share: 13, trade: "混凝土工", rate: "370", team: "混凝土班"},
		},
		problems: problems{stopsPaying: "sub4", stopsPayingAt: 3, leaver: "sub4", leaverAt: 3, lodgeAt: 2, uninsuredAfter: 4}},
	{key: "P4", code: "FT-2025-009", name: "【演示】丰台科创园三号研发楼", region: Fengtai, owner: "owner3", gc: "gc3", bank: "bank2",
		account: "62170009000000000009", contract: "120000000",
		employers: []employerPlan{
			{org: "gc3", share: 7, trade: "电工", rate: "430", team: "电工班"},
			{org: "sub5", share: 10, trade: "管道工", rate: "410", team: "安装一班"},
		},
		problems: problems{letterDaysLeft: 20, leftOff: "sub5", leftOffAt: 2, lowPaid: "sub5", lowPaidAt: 1, partPaid: "gc3", partPaidAt: 3, certExpires: "gc3", certExpiresAt: 3}},
}

// crewSize is how many workers an employer gets of total.
func crewSize(e employerPlan, total int) int {
	return max(2, (e.share*total+50)/100)
}
