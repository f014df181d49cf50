package ledger

// How the nightly check cuts a night's projects into batches. A batch's
// facts are read, decided and written together, so what a worker of the
// check holds at once is one batch's facts: a batch is bounded by the facts
// its projects are expected to have, not by how many projects it holds —
// twenty-five projects of two thousand workers each are a gigabyte of
// facts, a hundred projects of a hundred workers a tenth of that.

// CheckWeight estimates the worker-months of facts (an attendance rollup,
// a payroll line and its payments per worker and month) one project's night
// reads: everyone ever enrolled on it (headcount) for every month from the
// month it started to the night's, or to the month it was completed when
// that is earlier. Workers who came and went are counted for every month,
// which weighs a project with turnover more than it reads; what it leaves
// out can weigh it less: a line paid twice (a failed payment re-issued),
// attendance before the project's start or after its completion, and the
// project's alerts and their evidence. A project not started by the night
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

// CheckBatch is one batch CheckBatches cut: how many projects, and whether
// it is to be checked alone, while no other batch is: a project heavier
// than the budget on its own, whose facts are more than a batch's, so that
// a night holds at most a batch's facts per worker, or that one project's.
type CheckBatch struct {
	Projects int
	Alone    bool
}

// CheckBatches cuts projects, in their order, into batches of consecutive
// projects (weights[i] is project i's CheckWeight): a batch takes projects
// while they fit in budget worker-months and it has fewer than
// maxProjects; a project heavier than budget on its own is a batch of its
// own, checked alone (a project's facts are never split). A budget of zero
// or less bounds batches by maxProjects alone; maxProjects below one is
// one.
func CheckBatches(weights []int, budget, maxProjects int) []CheckBatch {
	maxProjects = max(1, maxProjects)
	var batches []CheckBatch
	size, weight := 0, 0
	cut := func() {
		batches = append(batches, CheckBatch{Projects: size, Alone: budget > 0 && weight > budget})
		size, weight = 0, 0
	}
	for _, w := range weights {
		w = max(0, w)
		if size > 0 && (size == maxProjects || (budget > 0 && weight+w > budget)) {
			cut()
		}
		size, weight = size+1, weight+w
	}
	if size > 0 {
		cut()
	}
	return batches
}
