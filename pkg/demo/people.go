package demo

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"

	"github.com/wageguard/wageguard/ledger"
)

// Generated people. Every name, identity number, bank card and phone number
// the demo makes is invented: the numbers carry valid check characters (GB
// 11643 for identities, Luhn for cards) so that the service accepts them,
// and belong to nobody. Organisations and projects say 演示 in their names.

type people struct {
	r     *rand.Rand
	seed  int64
	taken map[string]bool // identity numbers, cards and credit codes handed out
}

func newPeople(seed int64) *people {
	return &people{r: rand.New(rand.NewPCG(uint64(seed), 0x6465_6d6f)), seed: seed, taken: map[string]bool{}}
}

var (
	surnames = []rune("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤")
	given    = []rune("建国志强伟军平东明华海波勇斌林兵刚峰磊超涛鹏辉杰亮新春玉成德福贵龙飞文庆永红生金山水长发友")
	// Counties many of Beijing's site workers come from (the first six
	// digits of an identity number).
	hometowns    = []string{"411323", "510722", "341222", "430523", "522422", "130131", "371523", "412822", "421182", "360424", "500230", "610426", "130682", "140621"}
	phonePrefix  = []string{"130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151", "152", "155", "156", "158", "159", "180", "182", "183", "185", "186", "187", "188", "189"}
	usccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	usccWeights  = []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
)

func (g *people) name() string {
	n := []rune{surnames[g.r.IntN(len(surnames))], given[g.r.IntN(len(given))]}
	if g.r.IntN(3) > 0 {
		n = append(n, given[g.r.IntN(len(given))])
	}
	return string(n)
}

// unique draws from make until it gives a value not handed out yet.
func (g *people) unique(make func() string) string {
	for {
		if v := make(); !g.taken[v] {
			g.taken[v] = true
			return v
		}
	}
}

// idNumber is a valid resident identity number of a worker born between
// 1966 and 2002, nine in ten men.
func (g *people) idNumber() string {
	return g.unique(func() string {
		born := ledger.NewDate(1966, 1, 1).AddDays(g.r.IntN(37 * 365))
		seq := g.r.IntN(50)*20 + 1 + 2*g.r.IntN(5) // odd last digit: a man
		if g.r.IntN(10) == 0 {
			seq--
		}
		t := born.Time()
		return ledger.CompleteResidentID(fmt.Sprintf("%s%04d%02d%02d%03d", hometowns[g.r.IntN(len(hometowns))], t.Year(), t.Month(), t.Day(), seq%1000))
	})
}

// card is a 19-digit debit card number with a valid Luhn digit.
func (g *people) card() string {
	return g.unique(func() string { return ledger.CompleteBankCard(fmt.Sprintf("622202%012d", g.r.Int64N(1e12))) })
}

func (g *people) phone() string {
	return g.unique(func() string { return fmt.Sprintf("%s%08d", phonePrefix[g.r.IntN(len(phonePrefix))], g.r.IntN(1e8)) })
}

// uscc is a valid unified social credit code registered in region.
func (g *people) uscc(region string) string {
	return g.unique(func() string {
		body := fmt.Sprintf("91%sMA%07d", region, g.r.IntN(1e7))
		sum := 0
		for i := range 17 {
			for j := 0; j < len(usccAlphabet); j++ {
				if usccAlphabet[j] == body[i] {
					sum += j * usccWeights[i]
				}
			}
		}
		return body + string(usccAlphabet[(31-sum%31)%31])
	})
}

// attends says whether worker n of the demo is on site on day d: Monday to
// Saturday except public holidays, about one day in fifteen off. It is a
// hash of the seed, the worker and the day, so it does not depend on the
// order in which days are simulated.
func (g *people) attends(cal *ledger.Calendar, n int, d ledger.Date) bool {
	if d.Time().Weekday() == 0 || (!cal.IsWorkingDay(d) && d.Time().Weekday() != 6) {
		return false
	}
	h := fnv.New64a()
	fmt.Fprintf(h, "%d/%d/%s", g.seed, n, d)
	return h.Sum64()%15 != 0
}
