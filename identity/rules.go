package identity

import "github.com/bondgenoten/bondgenoten"

// Rules sign-in settings, users and role assignments can break.
const (
	RuleDomain          bondgenoten.Rule = "domain"           // not a domain (param: the value)
	RuleDomainTaken     bondgenoten.Rule = "domain_taken"     // a domain of another organisation (param: the domain)
	RuleIssuer          bondgenoten.Rule = "issuer"           // an issuer that is no https URL
	RuleOpenIDScope     bondgenoten.Rule = "openid_scope"     // scopes without openid
	RuleScope           bondgenoten.Rule = "scope"            // a scope with characters a scope cannot hold
	RuleRole            bondgenoten.Rule = "role"             // a role outside the allowed ones (param: those)
	RuleNoKey           bondgenoten.Rule = "no_key"           // a secret to seal without a sealing key
	RuleReturnTo        bondgenoten.Rule = "return_to"        // a return address outside this site
	RuleNotSelf         bondgenoten.Rule = "not_self"         // deactivating oneself
	RuleNotOwnRoles     bondgenoten.Rule = "not_own_roles"    // changing one's own roles
	RuleProposalChanged bondgenoten.Rule = "proposal_changed" // confirming a proposal that a newer one replaced
)

// Rules lists the rules this package owns, for the message catalogue.
func Rules() []bondgenoten.Rule {
	return []bondgenoten.Rule{
		RuleDomain,
		RuleDomainTaken,
		RuleIssuer,
		RuleOpenIDScope,
		RuleScope,
		RuleRole,
		RuleNoKey,
		RuleReturnTo,
		RuleNotSelf,
		RuleNotOwnRoles,
		RuleProposalChanged,
	}
}
