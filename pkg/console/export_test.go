package console

// The Set…PerPage functions make a page of one of the console's lists hold
// n, for a test that pages through a few; each returns the undo. The
// console's tests run their databases' subtests in parallel, never two
// tests: a test sets a size before its subtests start and undoes it after.

func SetDisputesPerPage(n int) (undo func())   { return setPerPage(&directDisputes, n) }
func SetAlertsPerPage(n int) (undo func())     { return setPerPage(&queuePage, n) }
func SetComplaintsPerPage(n int) (undo func()) { return setPerPage(&complaintPage, n) }
func SetOrdersPerPage(n int) (undo func())     { return setPerPage(&orderPage, n) }

func setPerPage(size *int, n int) (undo func()) {
	was := *size
	*size = n
	return func() { *size = was }
}
