package ledger

// Words for the states of alerts, complaints, payment instructions,
// guarantees and payrolls, and for the steps of the alert and complaint
// workflows: a refusal that names one reads it in the reader's language,
// not as its wire value. An unknown value reads as it is.

// Label is the alert's status in words.
func (s AlertStatus) Label() Msg {
	switch s {
	case AlertOpen:
		return M("open")
	case AlertAcknowledged:
		return M("acknowledged")
	case AlertRectificationOrdered:
		return M("under a rectification order")
	case AlertEscalated:
		return M("escalated")
	case AlertResolved:
		return M("resolved")
	}
	return Verbatim(string(s))
}

// Label is an inspector's action on an alert in words.
func (a AlertAction) Label() Msg {
	switch a {
	case ActionAcknowledge:
		return M("an acknowledgement")
	case ActionOrderRectification:
		return M("a rectification order")
	case ActionResolve:
		return M("a resolution")
	case ActionEscalate:
		return M("an escalation")
	case ActionReopen:
		return M("a reopening")
	}
	return Verbatim(string(a))
}

// Label is the complaint's status in words.
func (s ComplaintStatus) Label() Msg {
	switch s {
	case ComplaintReceived:
		return M("received")
	case ComplaintAccepted:
		return M("accepted")
	case ComplaintRefused:
		return M("refused")
	case ComplaintConcluded:
		return M("concluded")
	}
	return Verbatim(string(s))
}

// Label is an inspector's action on a complaint in words.
func (a ComplaintAction) Label() Msg {
	switch a {
	case ComplaintAccept:
		return M("an acceptance")
	case ComplaintRefuse:
		return M("a refusal")
	case ComplaintExtend:
		return M("an extension")
	case ComplaintConclude:
		return M("a conclusion")
	}
	return Verbatim(string(a))
}

// Label is the payment instruction's status in words.
func (s InstructionStatus) Label() Msg {
	switch s {
	case InstructionPending:
		return M("pending")
	case InstructionPartlyPaid:
		return M("partly paid")
	case InstructionPartlyFailed:
		return M("partly failed")
	case InstructionPaid:
		return M("paid")
	case InstructionFailed:
		return M("failed")
	case InstructionReturned:
		return M("returned")
	case InstructionReissued:
		return M("reissued")
	case InstructionSuperseded:
		return M("superseded")
	}
	return Verbatim(string(s))
}

// Label is the guarantee's state in words.
func (s GuaranteeState) Label() Msg {
	switch s {
	case GuaranteeNotYetValid:
		return M("not yet valid")
	case GuaranteeActive:
		return M("active")
	case GuaranteeExpiring:
		return M("expiring")
	case GuaranteeExpired:
		return M("expired")
	case GuaranteeDrawn:
		return M("drawn on")
	case GuaranteeReleased:
		return M("released")
	}
	return Verbatim(string(s))
}

// Label is the payroll's status in words.
func (s PayrollStatus) Label() Msg {
	switch s {
	case PayrollSubmitted:
		return M("submitted")
	case PayrollApproved:
		return M("approved")
	case PayrollRejected:
		return M("rejected")
	case PayrollSuperseded:
		return M("superseded")
	}
	return Verbatim(string(s))
}

// Label is a bank's reported result in words ("a paid item").
func (s ConfirmationStatus) Label() Msg {
	switch s {
	case ConfirmPaid:
		return M("paid")
	case ConfirmFailed:
		return M("failed")
	case ConfirmReturned:
		return M("returned")
	case ConfirmPending:
		return M("pending")
	}
	return Verbatim(string(s))
}

// Label is an API key's role in words ("a bank key").
func (r Role) Label() Msg {
	switch r {
	case RoleAdmin:
		return M("admin")
	case RoleContractor:
		return M("contractor")
	case RoleBank:
		return M("bank")
	case RoleInspector:
		return M("inspector")
	case RolePayslip:
		return M("payslip")
	}
	return Verbatim(string(r))
}

// Label is the kind of organisation in words.
func (k OrgKind) Label() Msg {
	switch k {
	case OrgOwner:
		return M("owner")
	case OrgGeneralContractor:
		return M("general contractor")
	case OrgSubcontractor:
		return M("subcontractor")
	case OrgBank:
		return M("bank")
	case OrgAuthority:
		return M("authority")
	case OrgInsurer:
		return M("insurer")
	}
	return Verbatim(string(k))
}

// Label is the kind of payroll in words.
func (k PayrollKind) Label() Msg {
	switch k {
	case PayrollRegular:
		return M("regular")
	case PayrollSupplementary:
		return M("supplementary")
	case PayrollAdvance:
		return M("advance")
	}
	return Verbatim(string(k))
}

// Label is the form of a guarantee in words.
func (f GuaranteeForm) Label() Msg {
	switch f {
	case FormCash:
		return M("cash")
	case FormBankLetter:
		return M("bank letter")
	case FormInsurance:
		return M("insurance")
	}
	return Verbatim(string(f))
}

// Label says who filed a complaint, in words.
func (s ComplaintSource) Label() Msg {
	switch s {
	case ComplaintByWorker:
		return M("a worker's")
	case ComplaintByInspector:
		return M("an inspector's")
	}
	return Verbatim(string(s))
}

// Label is a responsible person's part in the unit, in words.
func (r PersonRole) Label() Msg {
	switch r {
	case RoleLegalRepresentative:
		return M("legal representative")
	case RolePrincipal:
		return M("principal person in charge")
	case RoleDirectlyResponsible:
		return M("person directly responsible")
	}
	return Verbatim(string(r))
}

// Label is a listing's ground, in words.
func (g ListingGround) Label() Msg {
	switch g {
	case GroundThreshold:
		return M("unpaid wages reaching the criminal threshold")
	case GroundMassIncident:
		return M("arrears causing a mass incident")
	case GroundExtremeIncident:
		return M("arrears causing an extreme incident")
	}
	return Verbatim(string(g))
}

// Label is the payslip link's state in words.
func (s TokenState) Label() Msg {
	switch s {
	case TokenLive:
		return M("live")
	case TokenExpired:
		return M("expired")
	case TokenRevoked:
		return M("revoked")
	}
	return Verbatim(string(s))
}
