package ledger

// Words for the states of alerts, complaints, payment instructions,
// guarantees and payrolls, and for the steps of the alert and complaint
// workflows: a refusal that names one reads it in the reader's language,
// not as its wire value. An unknown value reads as it is. A one-word state
// is keyed by what it is the state of (payroll.status.rejected): the word
// alone ("paid", "expired") names several, which need not read alike.

// Label is the alert's status in words.
func (s AlertStatus) Label() Msg {
	switch s {
	case AlertOpen:
		return M("alert.status.open")
	case AlertAcknowledged:
		return M("alert.status.acknowledged")
	case AlertRectificationOrdered:
		return M("under a rectification order")
	case AlertEscalated:
		return M("alert.status.escalated")
	case AlertResolved:
		return M("alert.status.resolved")
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
		return M("complaint.status.received")
	case ComplaintAccepted:
		return M("complaint.status.accepted")
	case ComplaintRefused:
		return M("complaint.status.refused")
	case ComplaintConcluded:
		return M("complaint.status.concluded")
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
		return M("instruction.status.pending")
	case InstructionPartlyPaid:
		return M("partly paid")
	case InstructionPartlyFailed:
		return M("partly failed")
	case InstructionPaid:
		return M("instruction.status.paid")
	case InstructionFailed:
		return M("instruction.status.failed")
	case InstructionReturned:
		return M("instruction.status.returned")
	case InstructionReissued:
		return M("instruction.status.reissued")
	case InstructionSuperseded:
		return M("instruction.status.superseded")
	}
	return Verbatim(string(s))
}

// Label is the guarantee's state in words.
func (s GuaranteeState) Label() Msg {
	switch s {
	case GuaranteeNotYetValid:
		return M("not yet valid")
	case GuaranteeActive:
		return M("guarantee.state.active")
	case GuaranteeExpiring:
		return M("guarantee.state.expiring")
	case GuaranteeExpired:
		return M("guarantee.state.expired")
	case GuaranteeDrawn:
		return M("drawn on")
	case GuaranteeReleased:
		return M("guarantee.state.released")
	}
	return Verbatim(string(s))
}

// Label is the payroll's status in words.
func (s PayrollStatus) Label() Msg {
	switch s {
	case PayrollSubmitted:
		return M("payroll.status.submitted")
	case PayrollApproved:
		return M("payroll.status.approved")
	case PayrollRejected:
		return M("payroll.status.rejected")
	case PayrollSuperseded:
		return M("payroll.status.superseded")
	}
	return Verbatim(string(s))
}

// Label is a bank's reported result in words ("a paid item").
func (s ConfirmationStatus) Label() Msg {
	switch s {
	case ConfirmPaid:
		return M("confirmation.status.paid")
	case ConfirmFailed:
		return M("confirmation.status.failed")
	case ConfirmReturned:
		return M("confirmation.status.returned")
	case ConfirmPending:
		return M("confirmation.status.pending")
	}
	return Verbatim(string(s))
}

// Label is an API key's role in words ("a bank key").
func (r Role) Label() Msg {
	switch r {
	case RoleAdmin:
		return M("role.admin")
	case RoleContractor:
		return M("role.contractor")
	case RoleBank:
		return M("role.bank")
	case RoleInspector:
		return M("role.inspector")
	case RolePayslip:
		return M("role.payslip")
	}
	return Verbatim(string(r))
}

// Label is the kind of organisation in words.
func (k OrgKind) Label() Msg {
	switch k {
	case OrgOwner:
		return M("org.kind.owner")
	case OrgGeneralContractor:
		return M("general contractor")
	case OrgSubcontractor:
		return M("org.kind.subcontractor")
	case OrgBank:
		return M("org.kind.bank")
	case OrgAuthority:
		return M("org.kind.authority")
	case OrgInsurer:
		return M("org.kind.insurer")
	}
	return Verbatim(string(k))
}

// Label is the kind of payroll in words.
func (k PayrollKind) Label() Msg {
	switch k {
	case PayrollRegular:
		return M("payroll.kind.regular")
	case PayrollSupplementary:
		return M("payroll.kind.supplementary")
	case PayrollAdvance:
		return M("payroll.kind.advance")
	}
	return Verbatim(string(k))
}

// Label is the form of a guarantee in words.
func (f GuaranteeForm) Label() Msg {
	switch f {
	case FormCash:
		return M("guarantee.form.cash")
	case FormBankLetter:
		return M("bank letter")
	case FormInsurance:
		return M("guarantee.form.insurance")
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
		return M("payslip_link.state.live")
	case TokenExpired:
		return M("payslip_link.state.expired")
	case TokenRevoked:
		return M("payslip_link.state.revoked")
	}
	return Verbatim(string(s))
}
