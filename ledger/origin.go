package ledger

import (
	_ "embed"
	"strings"
	"sync"
)

// gb2260Data is the GB/T 2260 code table, current and abolished codes: a
// resident identity number keeps the region code of its first issue, so a
// code abolished since still names where its holder comes from.
//
//go:embed gb2260.tsv
var gb2260Data string

var gb2260 = sync.OnceValue(func() map[string]string {
	m := make(map[string]string, 4000)
	for line := range strings.Lines(gb2260Data) {
		line = strings.TrimRight(line, "\r\n")
		if line == "" || line[0] == '#' {
			continue
		}
		code, name, ok := strings.Cut(line, "\t")
		if ok && len(code) == 6 {
			m[code] = name
		}
	}
	return m
})

// Origin is where an identity number was first issued: its province and
// prefecture, by code and by name (the GB/T 2260 table). A code the table
// does not know keeps its code and has no name; an empty region code (a
// person registered before it was kept) has neither.
type Origin struct {
	ProvinceCode   string
	ProvinceName   string
	PrefectureCode string
	PrefectureName string
}

// OriginOf names the province and prefecture of a six-digit region code.
// The four municipalities list their districts under 市辖区, 县 and (Chongqing's
// county-level cities, 500300) 市 in the table; their prefecture is the city itself.
func OriginOf(region string) Origin {
	if len(region) != 6 || !allDigits(region) {
		return Origin{}
	}
	t := gb2260()
	o := Origin{ProvinceCode: region[:2] + "0000", PrefectureCode: region[:4] + "00"}
	o.ProvinceName = t[o.ProvinceCode]
	o.PrefectureName = t[o.PrefectureCode]
	switch {
	case o.PrefectureName == "市辖区" || o.PrefectureName == "县" || o.PrefectureName == "市":
		o.PrefectureName = o.ProvinceName
	case o.PrefectureName == "" && region[2:] == "0000":
		// 810000 and the like: a province-level code with no prefecture.
		o.PrefectureName = o.ProvinceName
	}
	return o
}

// RegionName is the table's name of a six-digit code ("" when unknown).
func RegionName(code string) string { return gb2260()[code] }
