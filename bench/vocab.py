"""Word lists for the synthetic corpus: names, councils, boards, topics and report phrases.

Kept as plain tuples (not sets) so that `random.choice` sees them in a fixed order: the generator
must give byte-identical output for the same seed.
"""

FIRST_NAMES = (
    "Adam", "Alan", "Alison", "Amanda", "Andrew", "Angela", "Anne", "Anthony", "Barbara", "Barry", "Ben",
    "Beverley", "Brian", "Carol", "Catherine", "Charles", "Christine", "Claire", "Colin", "David",
    "Deborah", "Dennis", "Diane", "Donna", "Edward", "Elaine", "Elizabeth", "Emma", "Frances", "Gary",
    "Geoffrey", "Gillian", "Glen", "Gordon", "Graham", "Hazel", "Helen", "Howard", "Ian", "Irene",
    "Jacqueline", "James", "Janet", "Jean", "Jill", "Joanne", "John", "Jonathan", "Judith", "Julie",
    "Karen", "Keith", "Kevin", "Lesley", "Linda", "Lorraine", "Margaret", "Mark", "Martin", "Mary",
    "Michael", "Nicola", "Nigel", "Pamela", "Patricia", "Paul", "Pauline", "Peter", "Philip", "Rachel",
    "Raymond", "Richard", "Robert", "Roger", "Rory", "Ruth", "Sally", "Sandra", "Sarah", "Sharon", "Simon",
    "Stephen", "Steve", "Susan", "Teresa", "Thomas", "Timothy", "Tracey", "Valerie", "Wendy", "William",
    "Yvonne",
)

SURNAMES = (
    "Adams", "Allen", "Armstrong", "Atkinson", "Bailey", "Baker", "Barker", "Barnes", "Bates", "Bell",
    "Bennett", "Brooks", "Brown", "Butler", "Campbell", "Carter", "Chapman", "Clarke", "Cole", "Collins",
    "Cook", "Cooper", "Coughlin", "Cox", "Davies", "Dawson", "Dixon", "Edwards", "Ellis", "Evans",
    "Fleming", "Fletcher", "Foster", "Fox", "Gibson", "Graham", "Grant", "Gray", "Green", "Griffiths",
    "Hall", "Harris", "Harrison", "Hart", "Harvey", "Hill", "Holmes", "Hughes", "Hunt", "Hussain",
    "Jackson", "James", "Jenkins", "Johnson", "Jones", "Kaur", "Kelly", "Kennedy", "Khan", "King", "Knight",
    "Lane", "Lee", "Lewis", "Lloyd", "Marshall", "Martin", "Mason", "Matthews", "Miller", "Mills",
    "Mitchell", "Moore", "Morgan", "Morris", "Murphy", "Murray", "Nunn", "Owen", "Palmer", "Parker",
    "Patel", "Pearson", "Phillips", "Powell", "Price", "Richards", "Richardson", "Roberts", "Robinson",
    "Rogers", "Russell", "Scott", "Shaw", "Shortland", "Simpson", "Smith", "Stay", "Stevens", "Stewart",
    "Sykes", "Taylor", "Thomas", "Thompson", "Turner", "Walker", "Ward", "Watson", "Webb", "Wells", "White",
    "Wilkinson", "Williams", "Wilson", "Wood", "Wright", "Young",
)

HONOURS = ("OBE", "MBE", "CBE", "JP", "DL")

PLACES = (
    "Barnsley", "Bath", "Bedford", "Birmingham", "Blackburn", "Blackpool", "Bolton", "Bradford", "Brighton",
    "Bristol", "Bromley", "Broxtowe", "Bury", "Calderdale", "Cambridge", "Canterbury", "Carlisle",
    "Cheltenham", "Cheshire", "Chorley", "Colchester", "Cornwall", "Coventry", "Crawley", "Croydon",
    "Cumbria", "Darlington", "Derby", "Devon", "Doncaster", "Dorset", "Dudley", "Durham", "Ealing", "Essex",
    "Exeter", "Gateshead", "Gloucester", "Halton", "Hampshire", "Harrogate", "Hertfordshire", "Ipswich",
    "Kent", "Kirklees", "Lancashire", "Leeds", "Leicester", "Lincoln", "Luton", "Manchester", "Medway",
    "Norfolk", "Northampton", "Norwich", "Nottingham", "Oldham", "Oxford", "Peterborough", "Plymouth",
    "Portsmouth", "Preston", "Reading", "Rochdale", "Rotherham", "Salford", "Sandwell", "Sefton",
    "Sevenoaks", "Sheffield", "Shropshire", "Slough", "Somerset", "Southampton", "Stockport", "Suffolk",
    "Sunderland", "Surrey", "Swindon", "Telford", "Wakefield", "Walsall", "Warwickshire", "Wigan",
    "Wiltshire", "Wirral", "Wolverhampton", "Worcester", "York",
)

COUNCIL_SUFFIXES = ("DC", "CC", "BC", "MBC", "City Council", "Council", "UA")

GROUPS = ("Conservative", "Labour", "Liberal Democrat", "Independent", "Green")
GROUP_WEIGHTS = (40, 38, 12, 7, 3)

ORGANISATIONS = (
    "Cardiff Business School", "Local Government Association", "Audit Commission", "Leadership Centre",
    "National Housing Federation", "Care Quality Commission", "Environment Agency", "Arts Council England",
    "Sport England", "Public Health England", "Centre for Public Scrutiny", "Homes England",
    "Institute for Fiscal Studies", "National Audit Office", "Association of Directors of Public Health",
)

OFFICER_POSITIONS = (
    "Executive Director", "Director of Policy", "Head of Programmes", "Senior Adviser", "Adviser",
    "Programme Manager", "Policy Manager", "Principal Policy Adviser", "Head of Improvement",
    "Member Services Officer", "Finance Manager", "Research Manager", "Senior Policy Officer",
)

# Board areas: each gives a name stem, a short-name stem and the topics its reports draw on.
BOARD_AREAS = (
    ("Improvement and Innovation", "II", ("peer-challenge", "sector-led-improvement", "productivity")),
    ("Community Wellbeing", "CW", ("adult-social-care", "public-health", "health-integration")),
    ("Children and Young People", "CYP", ("childrens-services", "schools", "youth-services")),
    ("Environment, Economy, Housing and Transport", "EEHT", ("housing", "transport", "climate-change")),
    ("Safer and Stronger Communities", "SSC", ("community-safety", "licensing", "fire-and-rescue")),
    ("Culture, Tourism and Sport", "CTS", ("culture", "tourism", "sport")),
    ("Resources", "RES", ("finance", "workforce", "business-rates")),
    ("People and Places", "PP", ("devolution", "rural-affairs", "regeneration")),
    ("Fire Services Management", "FSM", ("fire-and-rescue", "workforce", "pensions")),
    ("Audit and Risk", "AR", ("audit", "risk-management", "finance")),
    ("Planning", "PL", ("planning", "housing", "infrastructure")),
    ("Digital and Cyber", "DC", ("digital", "cyber-security", "data")),
    ("Equalities", "EQ", ("equalities", "community-cohesion", "workforce")),
    ("Europe and International", "EI", ("european-funding", "trade", "migration")),
    ("City Regions", "CR", ("devolution", "transport", "growth")),
    ("Districts", "DIS", ("planning", "housing", "waste")),
    ("Coastal Communities", "CC", ("coastal-erosion", "tourism", "regeneration")),
    ("Employment and Skills", "ES", ("skills", "apprenticeships", "employment")),
    ("Health and Care Integration", "HCI", ("health-integration", "adult-social-care", "mental-health")),
    ("Waste and Recycling", "WR", ("waste", "climate-change", "procurement")),
)
BOARD_KINDS = (("Board", "B"), ("Committee", "C"), ("Scrutiny Panel", "SP"))

ROLES_TOP = ("Chair", "Vice-Chair", "Deputy Chair")

VENUES = (
    "Bevin Hall, Local Government House, Smith Square, London SW1P 3HZ",
    "Smith Square Rooms 1 and 2, Local Government House, London SW1P 3HZ",
    "Westminster Suite, Local Government House, London SW1P 3HZ",
    "Council Chamber, Town Hall",
    "Committee Room 2, Civic Centre",
    "Online via Microsoft Teams",
)

PURPOSES = (
    "For discussion and decision.", "For information.", "For decision.", "For discussion.",
    "For information and discussion.", "For noting.",
)

EXEMPT_REASONS = (
    "Paragraph 3 of Schedule 12A: financial or business affairs",
    "Paragraph 1 of Schedule 12A: information relating to an individual",
    "Paragraph 4 of Schedule 12A: labour relations",
    "Paragraph 5 of Schedule 12A: legal professional privilege",
)

DECISION_VERBS = (
    "noted", "agreed", "endorsed", "approved", "resolved", "received", "deferred", "rejected",
    "recommended", "delegated", "accepted", "requested", "declined",
)
DECISION_WEIGHTS = (30, 25, 12, 10, 4, 6, 2, 1, 3, 2, 2, 2, 1)

INTERESTS = (
    "Trustee of the Leadership Centre", "Board member of a housing association in the area",
    "Employed by a local NHS trust", "Non-executive director of a regional transport body",
    "Member of the fire authority pension scheme", "Spouse employed by the county council",
)
