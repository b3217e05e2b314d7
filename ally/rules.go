package ally

import "github.com/bondgenoten/bondgenoten"

// Rules an ally, its import or its export can break.
const (
	RulePhone             bondgenoten.Rule = "phone"                // not a phone number
	RuleConsentRequired   bondgenoten.Rule = "consent_required"     // vetting or a special category without the date of consent
	RuleCap               bondgenoten.Rule = "cap"                  // the network already has its maximum of active allies (param: the maximum)
	RuleOwnerNotInPartner bondgenoten.Rule = "owner_not_in_partner" // a relationship owner who is no coordinator or staff member of the partner (param: the partner)
	RuleOnePerPartner     bondgenoten.Rule = "one_per_partner"      // two relationship owners for one partner (param: the partner)
	RuleFile              bondgenoten.Rule = "file"                 // an import without a file
	// The file as a whole breaks the rules of package sheet too
	// (sheet.RuleFormat, sheet.RuleMaxRows, …).
	RuleEmpty           bondgenoten.Rule = "empty"            // a file without rows
	RuleHeaderUnknown   bondgenoten.Rule = "header_unknown"   // a column the import does not know (param: its header)
	RuleHeaderMissing   bondgenoten.Rule = "header_missing"   // a required column is missing (param: its header)
	RuleHeaderDuplicate bondgenoten.Rule = "header_duplicate" // a column appears twice (param: its header)
	RuleUnnamedColumn   bondgenoten.Rule = "unnamed_column"   // a value in a column without a header (param: the column number)
	RuleDuplicate       bondgenoten.Rule = "duplicate"        // an email address that appears more than once in the file
	RuleEmailExists     bondgenoten.Rule = "email_exists"     // an email address an ally of the network already has
)

// Rules lists the rules this package owns, for the message catalogue.
func Rules() []bondgenoten.Rule {
	return []bondgenoten.Rule{
		RulePhone,
		RuleConsentRequired,
		RuleCap,
		RuleOwnerNotInPartner,
		RuleOnePerPartner,
		RuleFile,
		RuleEmpty,
		RuleHeaderUnknown,
		RuleHeaderMissing,
		RuleHeaderDuplicate,
		RuleUnnamedColumn,
		RuleDuplicate,
		RuleEmailExists,
	}
}
