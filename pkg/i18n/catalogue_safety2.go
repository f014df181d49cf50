package i18n

// Messages of the second pass over work-injury insurance and certificates
// (issue 18 items 3, 4: the reviewer's defects).
func init() {
	registerEN(map[string]string{
		"%s is not a special operation under the policy: the operation certificate given with the worker is not read": "按现行政策 %s 不属于特种作业：随工人提供的特种作业操作证不予读取",
	})
}
