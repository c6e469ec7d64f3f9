# Keywords for the top-level areas of CILIP's Professional Knowledge and Skills Base (PKSB), format 1 (see cues.lex).
# Area names only, as CILIP publishes them; the keyword lists are the project team's own and say nothing of the
# PKSB's content. A paragraph is tagged with an area when any of its keywords appears in it.

[pksb-ethics Ethics and values]
words: ethics ethical values integrity confidentiality neutrality censorship equity inclusion inclusive diversity equality decolonising decolonise
intellectual freedom
freedom of expression
social justice

[pksb-organising Organising knowledge and information]
words: catalogue catalogues cataloguing cataloging catalog metadata classification classify indexing taxonomy taxonomies thesaurus thesauri rda marc dewey ontology ontologies linked-data
subject headings
linked data
authority records

[pksb-kim Knowledge and information management]
words: intranet sharepoint lessons-learned tacit
knowledge management
information management
knowledge base
community of practice
communities of practice
lessons learned
knowledge sharing
knowledge capture

[pksb-using Using and exploiting knowledge and information]
words: enquiry enquiries enquiry-desk searching search searches database databases discovery current-awareness reference
current awareness
literature search
literature searches
evidence search
systematic search
systematic searches
reference interview

[pksb-research Research skills]
words: research survey surveys questionnaire questionnaires interviews focus-group methodology data analysis statistics evaluation bibliometrics
focus group
focus groups
user research
data analysis
research project

[pksb-governance Information governance and compliance]
words: gdpr copyright licensing licence licences compliance governance foi privacy
data protection
freedom of information
information governance
intellectual property
information security
subject access

[pksb-records Records management and archiving]
words: records archive archives archiving archival retention preservation digitisation digitization accession accessioning
records management
retention schedule
retention schedules
digital preservation
special collections

[pksb-collections Collection management and development]
words: collection collections stock acquisitions weeding deselection procurement e-books ebooks journals subscriptions
collection development
collection management
stock editing
stock selection

[pksb-literacies Literacies and learning]
words: literacy literacies teaching taught workshop workshops induction inductions instruction training tutorial tutorials curriculum pedagogy learners rhyme-time rhymetime storytime story-time early-years homework
information literacy
digital literacy
reading for pleasure
reader development
lesson plan

[pksb-leadership Leadership and advocacy]
words: leadership lead led advocacy advocate influence influencing stakeholders champion mentoring mentor manage managing
line manager
business case

[pksb-strategy Strategy, planning and management]
words: strategy strategic planning plan budget budgets budgeting project projects restructure restructuring kpi kpis performance
service plan
business plan
project management
change management
risk register

[pksb-customer Customer focus, service design and marketing]
words: customer customers users user-experience ux marketing promotion publicity outreach engagement feedback consultation social-media newsletter attendance footfall events audience audiences
user experience
service design
social media
user needs

[pksb-it IT and communication]
words: website websites software system systems lms digital online app apps technology ai chatbot communication presentation presentations email blog podcast
library management system
artificial intelligence
content management

[pksb-wider-sector Wider library, information and knowledge sector context]
words: cilip sector profession conference conferences network networks sconul
across the sector
other libraries
other services
professional body
special interest group
national policy

[pksb-wider-organisation Wider organisational and environmental context]
words: organisation organization council trust firm university school ministry department government funding policy legislation regulation
the wider organisation
parent organisation
senior leadership
