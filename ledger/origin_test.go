package ledger

import "testing"

// Origin names for a code of every province (hand-checked against the
// published GB/T 2260 names, not read from the shipped table), the
// special administrative regions and residence-permit codes, and codes
// abolished since their holders' numbers were issued.
func TestOriginOfEveryProvince(t *testing.T) {
	cases := []struct{ code, province, prefecture string }{
		{"110105", "北京市", "北京市"}, {"120116", "天津市", "天津市"}, {"130102", "河北省", "石家庄市"},
		{"140105", "山西省", "太原市"}, {"150102", "内蒙古自治区", "呼和浩特市"}, {"210102", "辽宁省", "沈阳市"},
		{"220102", "吉林省", "长春市"}, {"230102", "黑龙江省", "哈尔滨市"}, {"310101", "上海市", "上海市"},
		{"320102", "江苏省", "南京市"}, {"330106", "浙江省", "杭州市"}, {"340102", "安徽省", "合肥市"},
		{"350102", "福建省", "福州市"}, {"360426", "江西省", "九江市"}, {"370102", "山东省", "济南市"},
		{"410105", "河南省", "郑州市"}, {"420106", "湖北省", "武汉市"}, {"430102", "湖南省", "长沙市"},
		{"440524", "广东省", "汕头市"}, {"450102", "广西壮族自治区", "南宁市"}, {"460105", "海南省", "海口市"},
		{"500103", "重庆市", "重庆市"}, {"510104", "四川省", "成都市"}, {"520102", "贵州省", "贵阳市"},
		{"530102", "云南省", "昆明市"}, {"540102", "西藏自治区", "拉萨市"}, {"610102", "陕西省", "西安市"},
		{"620102", "甘肃省", "兰州市"}, {"630102", "青海省", "西宁市"}, {"640104", "宁夏回族自治区", "银川市"},
		{"650102", "新疆维吾尔自治区", "乌鲁木齐市"},
		{"810000", "香港特别行政区", "香港特别行政区"}, {"820000", "澳门特别行政区", "澳门特别行政区"}, {"830000", "台湾地区", "台湾地区"},
		// Abolished: 巢湖 (2011), 毕节地区 (2011), Chongqing under Sichuan (before 1997), 松花江地区 (1996),
		// 绥化地区 (1999).
		{"342601", "安徽省", "巢湖市"}, {"522422", "贵州省", "毕节地区"}, {"510212", "四川省", "重庆市"}, {"232126", "黑龙江省", "松花江地区"},
		{"232321", "黑龙江省", "绥化地区"},
		// Chongqing's county-level cities (500300 市): the city itself.
		{"500381", "重庆市", "重庆市"},
		// Prefecture-level cities whose codes changed: 毕节市 now.
		{"520502", "贵州省", "毕节市"},
	}
	seen := map[string]bool{}
	for _, c := range cases {
		o := OriginOf(c.code)
		if o.ProvinceName != c.province || o.PrefectureName != c.prefecture {
			t.Errorf("OriginOf(%s) = %s %s, want %s %s", c.code, o.ProvinceName, o.PrefectureName, c.province, c.prefecture)
		}
		if o.ProvinceCode != c.code[:2]+"0000" || o.PrefectureCode != c.code[:4]+"00" {
			t.Errorf("OriginOf(%s) codes = %s %s", c.code, o.ProvinceCode, o.PrefectureCode)
		}
		seen[c.code[:2]] = true
	}
	// Every province-level code of the table is sampled above.
	for code := range gb2260() {
		if code[2:] == "0000" && code != "710000" && !seen[code[:2]] {
			t.Errorf("province %s (%s) has no sample", code, gb2260()[code])
		}
	}
	if n := RegionName("110103"); n != "崇文区" {
		t.Errorf("abolished district 110103 = %q, want 崇文区", n)
	}
	for _, bad := range []string{"", "11010", "1101051", "11010x"} {
		if o := OriginOf(bad); o != (Origin{}) {
			t.Errorf("OriginOf(%q) = %+v, want nothing", bad, o)
		}
	}
	if o := OriginOf("990101"); o.ProvinceCode != "990000" || o.ProvinceName != "" {
		t.Errorf("an unknown code keeps its code and has no name: %+v", o)
	}
}

// An abolished 地区 or 盟 (1980-2000) of every province that had one: a
// number issued there keeps its code, and is named from it.
func TestOriginOfAbolishedPrefectures(t *testing.T) {
	for code, want := range map[string]string{
		"132101": "河北省邯郸地区", "133001": "河北省衡水地区", "142101": "山西省雁北地区", "152701": "内蒙古自治区伊克昭盟",
		"222301": "吉林省白城地区", "232301": "黑龙江省绥化地区", "332601": "浙江省台州地区", "342101": "安徽省阜阳地区",
		"342501": "安徽省宣城地区", "342801": "安徽省安庆地区", "352201": "福建省宁德地区", "362101": "江西省赣州地区",
		"372901": "山东省菏泽地区", "412701": "河南省周口地区", "412801": "河南省驻马店地区", "413001": "河南省信阳地区",
		"422201": "湖北省孝感地区", "433001": "湖南省怀化地区", "452401": "广西壮族自治区贺州地区", "452601": "广西壮族自治区百色地区",
		"512201": "四川省万县地区", "512301": "四川省涪陵地区", "512901": "四川省南充地区", "513001": "四川省达川地区",
		"522501": "贵州省安顺地区", "532101": "云南省昭通地区", "612301": "陕西省汉中地区", "612701": "陕西省榆林地区",
		"632121": "青海省海东地区", "642221": "宁夏回族自治区固原地区", "652101": "新疆维吾尔自治区吐鲁番地区",
	} {
		o := OriginOf(code)
		if o.ProvinceName+o.PrefectureName != want {
			t.Errorf("OriginOf(%s) = %s%s, want %s", code, o.ProvinceName, o.PrefectureName, want)
		}
	}
	// The prefecture label of a municipality's county-level city is the city, once.
	r := BuildWorkforceReport([]WorkforceFact{{WorkerID: "w", RegionCode: "500381", EnteredOn: NewDate(2026, 1, 1)}},
		WorkforceQuery{Period: Period{2026, 10}, Groupings: []StatsGrouping{GroupOriginPrefecture}})
	if l := r.Tables[0].Rows[0].Label; l != "重庆市" {
		t.Errorf("500381's prefecture label = %q, want 重庆市", l)
	}
}
