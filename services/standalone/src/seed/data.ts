// The people, groups, papers and survey of the demo platform: hand-written so the demo reads
// like a real science-and-technology diplomacy platform. Synthetic answers are drawn from them.
import type { Community, DiplomacyType, PaperStatus } from "@accord/domain";

export interface DemoPerson {
  username: string;
  displayName: string;
  affiliation: string;
  country: string;
  community: Community;
  expertise: string[];
  coordinator?: boolean;
}

export const PEOPLE: readonly DemoPerson[] = [
  {
    username: "nadia",
    displayName: "Nadia Haddad",
    affiliation: "Platform secretariat",
    country: "CH",
    community: "POLICY",
    expertise: ["supply-chains"],
    coordinator: true,
  },
  {
    username: "amira",
    displayName: "Amira Benali",
    affiliation: "Institute of Ocean Sciences",
    country: "MA",
    community: "SCIENCE_TECHNOLOGY",
    expertise: ["oceans", "climate-change"],
  },
  {
    username: "jonas",
    displayName: "Jonas Lindqvist",
    affiliation: "Ministry of Foreign Affairs",
    country: "SE",
    community: "DIPLOMACY",
    expertise: ["oceans"],
  },
  {
    username: "priya",
    displayName: "Priya Raman",
    affiliation: "National Space Agency",
    country: "IN",
    community: "SCIENCE_TECHNOLOGY",
    expertise: ["space"],
  },
  {
    username: "marc",
    displayName: "Marc Dubois",
    affiliation: "Permanent Mission to the UN, Geneva",
    country: "FR",
    community: "DIPLOMACY",
    expertise: ["space", "technology-controls"],
  },
  {
    username: "lucia",
    displayName: "Lucía Fernández",
    affiliation: "Centre for Energy Systems",
    country: "ES",
    community: "SCIENCE_TECHNOLOGY",
    expertise: ["energy"],
  },
  {
    username: "kwame",
    displayName: "Kwame Mensah",
    affiliation: "Regional Economic Commission",
    country: "GH",
    community: "POLICY",
    expertise: ["energy", "supply-chains"],
  },
  {
    username: "mei",
    displayName: "Mei Tanaka",
    affiliation: "Semiconductor Industry Association",
    country: "JP",
    community: "INDUSTRY",
    expertise: ["supply-chains", "technology-controls"],
  },
  {
    username: "tomas",
    displayName: "Tomás Silva",
    affiliation: "Embassy science section",
    country: "BR",
    community: "DIPLOMACY",
    expertise: ["climate-change", "energy"],
  },
  {
    username: "ingrid",
    displayName: "Ingrid Olsen",
    affiliation: "Polar Research Institute",
    country: "NO",
    community: "SCIENCE_TECHNOLOGY",
    expertise: ["oceans", "climate-change"],
  },
  {
    username: "samir",
    displayName: "Samir Khan",
    affiliation: "Export Control Office",
    country: "PK",
    community: "POLICY",
    expertise: ["technology-controls"],
  },
  {
    username: "elena",
    displayName: "Elena Petrova",
    affiliation: "Science desk, Daily Courier",
    country: "BG",
    community: "JOURNALISM",
    expertise: ["space", "climate-change"],
  },
  {
    username: "david",
    displayName: "David Cohen",
    affiliation: "University of Applied Physics",
    country: "IL",
    community: "SCIENCE_TECHNOLOGY",
    expertise: ["technology-controls", "energy"],
  },
  {
    username: "fatima",
    displayName: "Fatima Al-Sayed",
    affiliation: "Ministry of Foreign Affairs",
    country: "AE",
    community: "DIPLOMACY",
    expertise: ["energy", "supply-chains"],
  },
  {
    username: "chen",
    displayName: "Chen Wei",
    affiliation: "Battery Materials Consortium",
    country: "SG",
    community: "INDUSTRY",
    expertise: ["supply-chains", "energy"],
  },
  {
    username: "olga",
    displayName: "Olga Nowak",
    affiliation: "Space Law Centre",
    country: "PL",
    community: "OTHER",
    expertise: ["space"],
  },
  {
    username: "rafael",
    displayName: "Rafael Ortiz",
    affiliation: "Fisheries Research Agency",
    country: "CL",
    community: "SCIENCE_TECHNOLOGY",
    expertise: ["oceans"],
  },
  {
    username: "grace",
    displayName: "Grace Otieno",
    affiliation: "Climate Negotiations Support Unit",
    country: "KE",
    community: "DIPLOMACY",
    expertise: ["climate-change"],
  },
];

export interface DemoGroup {
  id: string;
  name: string;
  description: string;
  topics: string[];
  conveners: string[];
  members: string[];
}

export const GROUPS: readonly DemoGroup[] = [
  {
    id: "demo-group-oceans",
    name: "High seas and ocean observation",
    description:
      "Science advice for the high-seas biodiversity agreement and shared ocean observing.",
    topics: ["oceans", "climate-change"],
    conveners: ["amira"],
    members: ["jonas", "ingrid", "rafael", "grace", "elena"],
  },
  {
    id: "demo-group-supply",
    name: "Critical supply chains",
    description:
      "Economic security: mapping critical materials and coordinating responses with partners.",
    topics: ["supply-chains", "technology-controls"],
    conveners: ["kwame"],
    members: ["mei", "chen", "fatima", "samir", "david"],
  },
  {
    id: "demo-group-space",
    name: "Space traffic and debris",
    description: "Norms for space traffic coordination and shared tracking data.",
    topics: ["space"],
    conveners: ["priya"],
    members: ["marc", "olga", "elena"],
  },
  {
    id: "demo-group-energy",
    name: "Energy transition partnerships",
    description: "Research partnerships behind just energy transition agreements.",
    topics: ["energy", "climate-change"],
    conveners: ["lucia"],
    members: ["tomas", "kwame", "chen", "fatima"],
  },
];

export interface DemoPaper {
  id: string;
  group: string;
  title: string;
  summary: string;
  status: PaperStatus;
  diplomacyTypes: DiplomacyType[];
  topics: string[];
  lead: string;
  editors: string[];
  commenters: string[];
  sections: { heading: string; paragraphs: string[] }[];
}

export const PAPERS: readonly DemoPaper[] = [
  {
    id: "demo-paper-bbnj",
    group: "demo-group-oceans",
    status: "PUBLISHED",
    title: "Science advice for the high-seas biodiversity agreement",
    summary:
      "How the new agreement's scientific and technical body can draw on ocean observing networks.",
    diplomacyTypes: ["SCIENCE_IN_DIPLOMACY"],
    topics: ["oceans"],
    lead: "amira",
    editors: ["jonas", "ingrid"],
    commenters: ["grace"],
    sections: [
      {
        heading: "Why it matters",
        paragraphs: [
          "Two thirds of the ocean lie beyond national jurisdiction. Decisions on marine protected areas there need shared, trusted data.",
          "Observing networks already exist; what is missing is a route from their data to the negotiators' table.",
        ],
      },
      {
        heading: "Recommendations",
        paragraphs: [
          "Give the scientific and technical body a standing mandate to commission syntheses from observing networks.",
          "Fund observers from coastal developing states so that the evidence base is not written by a few fleets.",
        ],
      },
    ],
  },
  {
    id: "demo-paper-argo",
    group: "demo-group-oceans",
    status: "IN_REVIEW",
    title: "Floats without borders: ocean data in exclusive economic zones",
    summary: "Clearing autonomous floats that drift into exclusive economic zones.",
    diplomacyTypes: ["DIPLOMACY_FOR_SCIENCE"],
    topics: ["oceans", "climate-change"],
    lead: "ingrid",
    editors: ["rafael"],
    commenters: ["jonas"],
    sections: [
      {
        heading: "The problem",
        paragraphs: [
          "Profiling floats drift with currents; when they enter a coastal state's waters, their data may stop.",
          "Notification procedures differ from one state to the next and are slow.",
        ],
      },
      {
        heading: "Proposal",
        paragraphs: [
          "A single notification channel, run by the intergovernmental commission, with a default of consent after thirty days.",
        ],
      },
    ],
  },
  {
    id: "demo-paper-materials",
    group: "demo-group-supply",
    status: "ENDORSEMENT",
    title: "Mapping critical materials with our partners",
    summary:
      "A shared, confidential map of critical material supply chains among like-minded partners.",
    diplomacyTypes: ["SCIENCE_IN_DIPLOMACY", "SCIENCE_FOR_DIPLOMACY"],
    topics: ["supply-chains"],
    lead: "kwame",
    editors: ["mei", "chen"],
    commenters: ["fatima"],
    sections: [
      {
        heading: "Economic security",
        paragraphs: [
          "Supply shocks in battery materials and semiconductors showed how little each partner knew about the others' dependencies.",
          "Researchers can map supply chains; diplomats can make partners share what the map needs.",
        ],
      },
      {
        heading: "Suggested responses",
        paragraphs: [
          "Pool trade and production data under a confidentiality agreement.",
          "Run joint stress tests of the map every two years and publish the method, not the data.",
        ],
      },
    ],
  },
  {
    id: "demo-paper-controls",
    group: "demo-group-supply",
    status: "DRAFT",
    title: "Technology controls that keep research open",
    summary:
      "Export controls on dual-use technologies without closing international research collaboration.",
    diplomacyTypes: ["DIPLOMACY_FOR_SCIENCE"],
    topics: ["technology-controls"],
    lead: "samir",
    editors: ["david"],
    commenters: ["mei"],
    sections: [
      {
        heading: "Tension",
        paragraphs: [
          "Controls on dual-use technologies are tightening. Universities fear that fundamental research will be caught by them.",
        ],
      },
      {
        heading: "Options",
        paragraphs: [
          "Publish clear carve-outs for fundamental research.",
          "Create a fast advisory channel for researchers unsure whether a collaboration is controlled.",
        ],
      },
    ],
  },
  {
    id: "demo-paper-debris",
    group: "demo-group-space",
    status: "PUBLISHED",
    title: "Sharing space tracking data as a confidence-building measure",
    summary: "Tracking data on debris and satellites as a basis for trust between space powers.",
    diplomacyTypes: ["SCIENCE_FOR_DIPLOMACY"],
    topics: ["space"],
    lead: "priya",
    editors: ["marc"],
    commenters: ["olga"],
    sections: [
      {
        heading: "Background",
        paragraphs: [
          "Tens of thousands of objects are tracked in orbit. Each space power keeps its own catalogue.",
          "Close approaches are warned of late, or not at all, between rival operators.",
        ],
      },
      {
        heading: "Recommendation",
        paragraphs: [
          "Begin with a shared catalogue of debris, where data are least sensitive, as a first confidence-building measure.",
        ],
      },
    ],
  },
  {
    id: "demo-paper-grids",
    group: "demo-group-energy",
    status: "ARCHIVED",
    title: "Cross-border grids: a research agenda",
    summary: "Superseded by the partnership paper on interconnectors.",
    diplomacyTypes: ["SCIENCE_FOR_DIPLOMACY"],
    topics: ["energy"],
    lead: "lucia",
    editors: ["tomas"],
    commenters: [],
    sections: [
      {
        heading: "Agenda",
        paragraphs: [
          "Interconnectors between neighbouring grids need joint research on stability and market rules.",
        ],
      },
    ],
  },
  {
    id: "demo-paper-jetp",
    group: "demo-group-energy",
    status: "DRAFT",
    title: "Research partnerships in just energy transition agreements",
    summary: "Putting universities and laboratories into the energy transition partnerships.",
    diplomacyTypes: ["SCIENCE_IN_DIPLOMACY", "DIPLOMACY_FOR_SCIENCE"],
    topics: ["energy", "climate-change"],
    lead: "lucia",
    editors: ["fatima", "kwame"],
    commenters: ["chen"],
    sections: [
      {
        heading: "Where research is missing",
        paragraphs: [
          "The partnerships fund power plants and grids, rarely the research and training that keep them running.",
        ],
      },
      {
        heading: "Proposal",
        paragraphs: [
          "Reserve a share of each partnership for joint research centres, co-led by partner-country universities.",
        ],
      },
    ],
  },
];

/** Who endorses the papers in ENDORSEMENT and PUBLISHED, and for which organisation. */
export const ORGANISATIONS: Readonly<Record<string, string>> = Object.fromEntries(
  PEOPLE.map((person) => [person.username, person.affiliation]),
);

export const COMMENT_LINES = [
  "Could we cite the latest assessment report here?",
  "This reads well; the second sentence could be shorter.",
  "Do the negotiators we spoke to agree with this framing?",
  "I would add a concrete example from the last round of talks.",
  "Is there a figure for how many states this concerns?",
];

export const REPLY_LINES = [
  "Good point, I will add it.",
  "Agreed; changed in the next version.",
  "Let us discuss this at Thursday's call.",
];
