package meeting

import "github.com/bondgenoten/bondgenoten"

// Rules a meeting, its record or its actions can break.
const (
	RuleActiveAlly          bondgenoten.Rule = "active_ally"           // a chair or invitee who is no active ally of the network
	RuleNextMeetingRequired bondgenoten.Rule = "next_meeting_required" // closing a meeting without the next one or a reason
	RuleNotStarted          bondgenoten.Rule = "not_started"           // recording a meeting that has not started
	RuleMeetingHeld         bondgenoten.Rule = "meeting_held"          // changing a meeting that was held
	RuleMeetingCancelled    bondgenoten.Rule = "meeting_cancelled"     // changing a meeting that was cancelled
	RuleNetworkAlly         bondgenoten.Rule = "network_ally"          // an attendee as ally who is no ally of the network
	RuleSeriesRange         bondgenoten.Rule = "series_range"          // a series reaching past its span (param: the span)
)

// Rules lists the rules this package owns, for the message catalogue.
func Rules() []bondgenoten.Rule {
	return []bondgenoten.Rule{
		RuleActiveAlly,
		RuleNextMeetingRequired,
		RuleNotStarted,
		RuleMeetingHeld,
		RuleMeetingCancelled,
		RuleNetworkAlly,
		RuleSeriesRange,
	}
}
