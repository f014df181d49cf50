package ledger

import "strings"

// ProjectCategory is a project's category from the national construction
// worker platform's list (项目分类, dictionary §6.14 of its interface, see
// shared/reference/exchange-formats.md): the two-digit code is what travels,
// the name is what a report prints. "" is a project registered before the
// category was asked for.
type ProjectCategory string

// projectCategories is the national list, in its own order.
var projectCategories = []struct {
	Code ProjectCategory
	Name string
}{
	{"01", "房屋建筑"}, {"02", "市政公用"}, {"03", "机电安装"}, {"04", "铁路"}, {"05", "公路"}, {"06", "港口航道"},
	{"07", "水利水电"}, {"08", "电力"}, {"09", "矿山"}, {"10", "冶炼"}, {"11", "化工石油"}, {"12", "通信"}, {"99", "其他"},
}

// CheckProjectCategory reads a category given by its code or by its name
// (房屋建筑); "" stays "" (not given).
func CheckProjectCategory(s string) (ProjectCategory, bool) {
	if s == "" {
		return "", true
	}
	for _, c := range projectCategories {
		if string(c.Code) == s || c.Name == s {
			return c.Code, true
		}
	}
	return "", false
}

// ProjectCategoryName is the category's name on the national list, "" for
// a code not on it (or none).
func ProjectCategoryName(c ProjectCategory) string {
	for _, e := range projectCategories {
		if e.Code == c {
			return e.Name
		}
	}
	return ""
}

// ProjectCategoryChange decides a change of an existing project's category
// (PATCH /projects/{id}): the new one must be on the national list (by
// code or name; it cannot be cleared); changed is false when the project
// already has it, so that the same request again changes nothing.
func ProjectCategoryChange(p *Project, category string) (c ProjectCategory, changed bool, err error) {
	c, ok := CheckProjectCategory(strings.TrimSpace(category))
	if !ok || c == "" {
		var v Validation
		v.Add("category", "unknown", "category %q is not on the national list of project categories (01 房屋建筑 … 12 通信, 99 其他)", clip(category))
		return "", false, v.Err("the project's category is not valid")
	}
	return c, c != p.Category, nil
}
