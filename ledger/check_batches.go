package ledger

// How the nightly check cuts a night's projects into batches. A batch's
// facts are read, decided and written together, so what a worker of the
// check holds at once is one batch's facts: a batch is bounded by the facts
// its projects are expected to have, not by how many projects it holds —
// twenty-five projects of two thousand workers each are a gigabyte of
// facts, a hundred projects of a hundred workers a tenth of that.

// CheckWeight bounds the worker-months of facts (an attendance rollup, a
// payroll line and its payments per worker and month) one project's night
// reads: everyone ever enrolled on it (headcount) for every month from the
// month it started to the night's, or to the month it was completed when
// that is earlier. Workers who came and went are counted for every month,
// so a project with turnover weighs more than it reads: its batch holds
// fewer projects, never more facts. A project not started by the night
// weighs nothing.
func CheckWeight(startedOn Date, completedOn *Date, headcount int, asOf Date) int {
	until := asOf
	if completedOn != nil && !completedOn.IsZero() && completedOn.Before(asOf) {
		until = *completedOn
	}
	if headcount <= 0 || startedOn.IsZero() || until.Before(startedOn) {
		return 0
	}
	from, to := startedOn.Period(), until.Period()
	months := (to.Year-from.Year)*12 + int(to.Month) - int(from.Month) + 1
	return headcount * months
}

// CheckBatches cuts projects, in their order, into batches of consecutive
// projects (weights[i] is project i's CheckWeight) and returns each
// batch's size: a batch takes projects while they fit in budget
// worker-months and it has fewer than maxProjects; a project heavier than
// budget on its own is a batch of its own (a project's facts are never
// split). A budget of zero or less bounds batches by maxProjects alone;
// maxProjects below one is one.
func CheckBatches(weights []int, budget, maxProjects int) []int {
	maxProjects = max(1, maxProjects)
	var sizes []int
	size, weight := 0, 0
	for _, w := range weights {
		w = max(0, w)
		if size > 0 && (size == maxProjects || (budget > 0 && weight+w > budget)) {
			sizes = append(sizes, size)
			size, weight = 0, 0
		}
		size, weight = size+1, weight+w
	}
	if size > 0 {
		sizes = append(sizes, size)
	}
	return sizes
}
