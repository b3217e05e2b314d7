package bondgenoten

// Rule names a rule an input field can break. A field error carries one
// (FieldViolation.Rule) and the API turns it into a message in the
// request's language; api's catalogue test checks that every rule of every
// package's Rules list has a message there, and every message a rule.
//
// A rule is a constant of the package that owns it: the generic ones and
// the go-playground validator tags in use here, the domain ones in their
// domain package (ally.RulePhone, meeting.RuleActiveAlly, …), each package
// listing its own in Rules().
type Rule string

// Validator tags in use (`validate:"required,max=200"`). The tags stay
// strings in the struct tags; a violation of one carries the tag as its
// rule, so each is listed here for the catalogue.
const (
	RuleRequired Rule = "required"
	RuleMin      Rule = "min"
	RuleMax      Rule = "max"
	RuleEmail    Rule = "email"
	RuleOneOf    Rule = "oneof"
	RuleSlug     Rule = "slug"
	RuleGTEField Rule = "gtefield"
	// RuleDateRange (span.go) is a validator tag too.
)

// Generic rules that any package may report.
const (
	RuleCursor   Rule = "cursor"    // not a cursor this API handed out
	RuleBetween  Rule = "between"   // a number outside a range (param "1-1000")
	RuleDate     Rule = "date"      // not a day as YYYY-MM-DD
	RuleDateTime Rule = "date_time" // not an RFC 3339 instant
	RuleUUID     Rule = "uuid"      // not a UUID
	RuleBoolean  Rule = "boolean"   // not true or false
	RuleType     Rule = "type"      // a JSON value of the wrong type (param: the expected one)
	RuleUnknown  Rule = "unknown"   // a member the input does not have
	RuleJSON     Rule = "json"      // a body that is not JSON
	RuleObject   Rule = "object"    // a body that is no JSON object
	RuleUnique   Rule = "unique"    // a value another object already has
	RuleExists   Rule = "exists"    // names an organisation that does not exist
	RuleKind     Rule = "kind"      // an organisation of the wrong kind (param: the kinds)
)

// Rules lists the root package's rules: the validator tags in use and the
// generic rules.
func Rules() []Rule {
	return []Rule{
		RuleRequired, RuleMin, RuleMax, RuleEmail, RuleOneOf, RuleSlug, RuleGTEField, RuleDateRange,
		RuleCursor, RuleBetween, RuleDate, RuleDateTime, RuleUUID, RuleBoolean, RuleType, RuleUnknown,
		RuleJSON, RuleObject, RuleUnique, RuleExists, RuleKind,
		RuleNUL, RuleUTF8,
	}
}
