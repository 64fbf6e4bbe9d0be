"""The closed vocabularies of the schema, each value with its meaning.

The models turn each into a CHECK constraint, the annotation loader and the
CLI validate against them, and the documentation prints them. Migrations
keep their own frozen copy, so changing a vocabulary here takes a migration.
"""

COMMITMENT_TYPES = {
    "pledge": "the signatories promise to act themselves",
    "support": "the signatories back efforts led by others",
    "call": "the signatories call on or encourage others to act",
}

BINDING = {
    "high": 'firm future language: "we will", "we are committed to", "we must"',
    "low": "reaffirming, continuing, supporting, standing ready or encouraging",
}

# How a later commitment repeats an earlier one (commitment_link.kind).
LINK_KINDS = {
    "reaffirms": "the later sentence reaffirms, reiterates, renews, restates or confirms it",
    "restates": "the later sentence says it again without a verb of reaffirming",
}

THEMES = {
    "military": "the military campaign against ISIS",
    "foreign_fighters": "stopping the flow of foreign terrorist fighters",
    "financing": "countering ISIS financing",
    "stabilisation": "stabilisation of liberated areas",
    "communications": "countering ISIS propaganda",
    "prevention": "preventing radicalisation and recruitment, dealing with returnees",
    "political_settlement": "political settlements, reconciliation and governance",
    "humanitarian": "humanitarian access and the protection of civilians",
    "coordination": "the Coalition's own coordination and meetings",
}

EXCLUSION_REASONS = {
    "welcome": "welcomes or is gratified by something others did",
    "commend": "commends, honours, applauds or pays tribute",
    "recognise": "recognises or acknowledges a fact or a contribution",
    "condemn": "condemns or deplores",
    "concern": "expresses concern",
    "fact": "states a fact, an assessment or a forecast",
    "past_achievement": "reports progress already made",
    "aspiration": "expresses resolve or feeling with no action or target",
    "editorial": "a heading or note about the document itself",
}

CATALYSTS = {
    "deadline": "a date by which the commitment is due",
    "time_frame": "a period over which the commitment runs",
    "money_target": "an amount of money",
    "numeric_target": "a number to reach",
    "organisation": "a named international organisation or institution",
    "mandate": "a named agreement, resolution or framework it rests on",
    "accountability": "a follow-up meeting or report that checks on it",
}

ACTOR_KINDS = {
    "coalition": "the Global Coalition or one of its own bodies",
    "member_states": "the Coalition's members as a group",
    "national_government": "a national government or its forces",
    "national_agency": "national agencies of a kind, across countries",
    "person": "a named person",
    "un_body": "an organ, agency or envoy of the United Nations",
    "international_organisation": "an international organisation or forum",
    "non_state_group": "an armed or political group that is not a state",
    "parties": "the parties to a conflict or a process, as a group",
    "population": "people affected: citizens, communities, refugees",
    "private_sector": "companies",
}

ACTOR_ROLES = {
    "responsible": "makes the commitment and is to act on it",
    "addressed": "is called on to act",
    "partner": "acts alongside, or leads efforts the commitment supports",
    "beneficiary": "is meant to benefit",
}

REGION_KINDS = {
    "country": "a state, with its ISO 3166-1 code",
    "city": "a city or town",
    "area": "an area within or across countries",
    "supranational": "a continent or a region of several countries",
}

DECISIONS = {
    "commitment": "the sentence makes one or more commitments",
    "excluded": "the sentence makes none; the reason says why",
}

# Follow-up statuses, after the anchors of the G7/G20 Research Group,
# PolitiFact's promise meters and the Open Government Partnership.
STATUSES = {
    "not_assessed": "no evidence looked at yet (the default)",
    "not_started": "assessed: nothing has been done yet",
    "in_progress": "work is under way",
    "stalled": "work began but has stopped",
    "partially_achieved": "achieved in part, or a compromise",
    "achieved": "achieved in full",
    "not_achieved": "abandoned, or the time frame ended without it",
    "no_longer_applicable": "overtaken by events; no longer assessed",
}

# The G7/G20 Research Group's compliance scores.
SCORES = {
    1: "full compliance",
    0: "partial compliance, work in progress",
    -1: "no compliance",
}
