package network

import "github.com/bondgenoten/bondgenoten"

// Rules a network or its partners can break.
const (
	RuleCreatorPartner bondgenoten.Rule = "creator_partner" // a network without the creator's own organisation as partner
	RuleLastPartner    bondgenoten.Rule = "last_partner"    // the last partner of a side leaving (param: its kind)
)

// Rules lists the rules this package owns, for the message catalogue.
func Rules() []bondgenoten.Rule {
	return []bondgenoten.Rule{
		RuleCreatorPartner,
		RuleLastPartner,
	}
}
