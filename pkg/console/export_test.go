package console

// SetDisputesPerPage makes a page of the complaint queue's direct disputes
// hold n, for a test that pages through a few; it returns the undo. The
// console's tests run their databases' subtests in parallel, never two
// tests: a test sets it before its subtests start and undoes it after.
func SetDisputesPerPage(n int) (undo func()) {
	was := directDisputes
	directDisputes = n
	return func() { directDisputes = was }
}

// SetAlertsPerPage makes a page of the alert queue hold n, as
// SetDisputesPerPage.
func SetAlertsPerPage(n int) (undo func()) {
	was := queuePage
	queuePage = n
	return func() { queuePage = was }
}

// SetComplaintsPerPage makes a page of the complaint queue hold n, as
// SetDisputesPerPage.
func SetComplaintsPerPage(n int) (undo func()) {
	was := complaintPage
	complaintPage = n
	return func() { complaintPage = was }
}

// SetOrdersPerPage makes a page of the orders to pay hold n, as
// SetDisputesPerPage.
func SetOrdersPerPage(n int) (undo func()) {
	was := orderPage
	orderPage = n
	return func() { orderPage = was }
}
