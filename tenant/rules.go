package tenant

import "github.com/bondgenoten/bondgenoten"

// Rules an organisation or an oversight relation can break.
const (
	RuleOversightExists        bondgenoten.Rule = "oversight_exists"         // a second open-ended relation between a bureau and an organisation
	RuleOversightAcceptedTerms bondgenoten.Rule = "oversight_accepted_terms" // lengthening a period the organisation accepted
	RuleTermsChanged           bondgenoten.Rule = "terms_changed"            // accepting a request whose terms changed since they were read
)

// Rules lists the rules this package owns, for the message catalogue.
func Rules() []bondgenoten.Rule {
	return []bondgenoten.Rule{
		RuleOversightExists,
		RuleOversightAcceptedTerms,
		RuleTermsChanged,
	}
}
