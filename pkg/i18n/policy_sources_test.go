package i18n_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/wageguard/wageguard/ledger"
	"github.com/wageguard/wageguard/pkg/i18n"
)

// Every built-in policy value's source is in the catalogue and reads whole
// in both languages: a rate's percent sign once (a format writes it %%, and
// a format rendered without arguments would print it doubled), no verb left
// unfilled, the Chinese without English words and the English without
// Chinese other than the document numbers and titles it cites.
func TestPolicySourcesAreCatalogued(t *testing.T) {
	english := regexp.MustCompile(`[A-Za-z]{4,}`)
	ruleCode := regexp.MustCompile(`[a-z]+(_[a-z]+)+`)
	han := regexp.MustCompile(`\p{Han}`)
	documents := regexp.MustCompile(`人社部发〔2021〕65号|法释〔2013〕3号|人社部令第45号|劳社部发〔2008〕3号|\((保障农民工工资支付条例|劳动保障监察条例|劳动争议调解仲裁法)\)`)
	for _, s := range ledger.ParamSpecs() {
		if !i18n.Has(s.Source.Key) {
			t.Errorf("%s: source %q is not in the catalogue", s.Key, s.Source.Key)
			continue
		}
		zh, en := i18n.Of(i18n.ZH, s.Source), i18n.Of(i18n.EN, s.Source)
		for _, text := range []string{zh, en} {
			if strings.Contains(text, "%%") || strings.Contains(text, "%!") {
				t.Errorf("%s: a broken format: %q", s.Key, text)
			}
		}
		if w := english.FindAllString(ruleCode.ReplaceAllString(zh, ""), -1); len(w) > 0 {
			t.Errorf("%s: English in Chinese %v: %q", s.Key, w, zh)
		}
		if h := han.FindAllString(documents.ReplaceAllString(en, ""), -1); len(h) > 0 {
			t.Errorf("%s: Chinese in English %v: %q", s.Key, h, en)
		}
	}
}
