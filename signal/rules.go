package signal

import "github.com/bondgenoten/bondgenoten"

// Rules a signal, a theme or a mood picture can break.
const (
	RuleNotFuture      bondgenoten.Rule = "not_future"      // an observation more than a day after now
	RuleSourceAlly     bondgenoten.Rule = "source_ally"     // a source ally who is no ally of the network
	RuleTheme          bondgenoten.Rule = "theme"           // a theme the network does not know, or one archived
	RuleNetworkMeeting bondgenoten.Rule = "network_meeting" // a meeting of another network
	RuleNetworkAction  bondgenoten.Rule = "network_action"  // an action of another network
	RulePoliceOnly     bondgenoten.Rule = "police_only"     // a police note from someone outside the police
	RuleNationalTheme  bondgenoten.Rule = "national_theme"  // archiving a theme of the national list
	RulePeriod         bondgenoten.Rule = "period"          // a mood picture's period longer than allowed (param: days)
	RuleAlreadyShared  bondgenoten.Rule = "already_shared"  // sharing what was shared
)

// Rules lists the rules this package owns, for the message catalogue.
func Rules() []bondgenoten.Rule {
	return []bondgenoten.Rule{
		RuleNotFuture, RuleSourceAlly, RuleTheme, RuleNetworkMeeting, RuleNetworkAction,
		RulePoliceOnly, RuleNationalTheme, RulePeriod, RuleAlreadyShared,
	}
}
