package store

// LineEntryID exposes the approval's SQL form of EntryBatch.ID to the tests.
const LineEntryID = lineEntryID
