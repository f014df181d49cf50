package ledger

// Words for the states and steps of orders to pay and blacklist listings,
// as messages: a sentence that names one reads it in the reader's language,
// not as the wire value. An unknown value reads as it is.

// Label is the listing proposal's status in words.
func (s ListingStatus) Label() Msg {
	switch s {
	case ListingProposed:
		return M("proposed for listing")
	case ListingNotified:
		return M("notified of the proposed listing")
	case ListingReplied:
		return M("replied to the notice")
	case ListingListed:
		return M("listing.status.listed")
	case ListingDeclined:
		return M("declined for listing")
	case ListingRemoved:
		return M("removed from the list early")
	}
	return Verbatim(string(s))
}

// Label is a step of the listing workflow in words.
func (a ListingAction) Label() Msg {
	switch a {
	case ListingNotify:
		return M("a prior notice")
	case ListingReply:
		return M("the unit's reply")
	case ListingList:
		return M("a decision to list")
	case ListingDecline:
		return M("a decision not to list")
	case ListingRemove:
		return M("an early removal")
	}
	return Verbatim(string(a))
}
