"""Build the built-in datasets in data/ from the raw facts in shared/data.

    python tools/from_shared.py [SHARED_DATA_DIR]      (default: ../shared/data)

Writes data/parties.json, data/barnet.json, data/london-2022.json and data/SOURCES.md.

This script is the record of how data/ was made. The raw files give every value with
`{url, excerpt}` pairs; here they become native records (data/FORMAT.md) whose `cites`
carry the same excerpts. Rules followed throughout:

* Excerpts are never retyped. `ex("some words")` looks up the one stored excerpt that
  contains those words and copies it whole; `seed_span(...)` copies a span of the seed
  report. A lookup that finds nothing, or more than one excerpt, stops the build.
* A value no source states stays null. Values a source only implies keep a label
  (`seats_basis: "derived: ..."`, `seat_change_basis`, a candidacy's `elected_basis`).
* Where sources disagree, one value goes on the record (or none) and a dispute holds
  every claim.
* Every curation decision (ids, merges, labels, which record a fact lands on) is in the
  tables and functions below, with a comment where it is a judgment call.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bot.importers.native import dump_native, load_native, parse_native  # noqa: E402

WIKI = "CC BY-SA 4.0 (Wikipedia text)"
NEWS = "© publisher; quoted for reference"
Rec = dict[str, Any]

# ---------------------------------------------------------------------------------------
# Sources: one record per distinct URL in the raw files. The "what it supports" note is
# read from shared/data/barnet/SOURCES.md where that file lists the URL; the pass-2 pages
# it does not list get the note written here. Titles are descriptive (the stored copies
# did not always keep the page title); `published` is set only when the URL, the raw data
# or the raw SOURCES.md gives the date.
# ---------------------------------------------------------------------------------------

SOURCE_TABLE: list[Rec] = []


def S(url: str | None, id: str, title: str, publisher: str | None, published: str | None = None,
      licence: str | None = NEWS, note: str | None = None) -> None:
    SOURCE_TABLE.append(dict(url=url, id=id, title=title, publisher=publisher,
                             published=published, licence=licence, note=note))


# -- pseudo-URLs: GitHub files found by id only (the raw data's "url" is a description)
S("GitHub file id 16673208286 (read via read_file; repo/path not returned by the tool)",
  "github-file-16673208286", "Python script listing 2022 Barnet ward names (GitHub file id "
  "16673208286)", None, licence=None,
  note="No URL: a file read by id through the research tool, which did not return the "
  "repository or path.")
S("GitHub file id 7425570688 (find_string hit; repo/path not returned)",
  "github-file-7425570688", "List of 2022 Barnet ward names (GitHub file id 7425570688)", None,
  licence=None, note="No URL: a search hit by file id; repository and path were not returned.")
S("GitHub file id 28520972285 (find_string hit; repo/path not returned)",
  "github-file-28520972285", "Ward list including 'Edgware Ward' (GitHub file id 28520972285)",
  None, licence=None,
  note="No URL: a search hit by file id; repository and path were not returned.")

# -- Wikipedia and its mirrors
S("https://hyperlinked.wiki/wiki.php?slug=2022_Barnet_London_Borough_Council_election",
  "hyperlinked-wiki-barnet-2022", "2022 Barnet London Borough Council election (Wikipedia mirror)",
  "hyperlinked.wiki (Wikipedia mirror)", licence=WIKI)
S("https://sagapedia.com/en/2022_Barnet_London_Borough_Council_election",
  "sagapedia-barnet-2022", "2022 Barnet London Borough Council election (Wikipedia mirror)",
  "Sagapedia (Wikipedia mirror)", licence=WIKI)
S("https://en.wikipedia.org/wiki/2026_Barnet_London_Borough_Council_election",
  "wikipedia-barnet-2026", "2026 Barnet London Borough Council election", "Wikipedia",
  licence=WIKI, note="Pre-election version (infobox 'Ongoing: yes').")
S("https://en.wikipedia.org/wiki/Barnet_London_Borough_Council",
  "wikipedia-barnet-council", "Barnet London Borough Council", "Wikipedia", licence=WIKI)
S("https://en.wikipedia.org/wiki/Childs_Hill", "wikipedia-childs-hill", "Childs Hill",
  "Wikipedia", licence=WIKI)
S("https://en.wikipedia.org/wiki/Hendon_(ward)", "wikipedia-hendon-ward", "Hendon (ward)",
  "Wikipedia", licence=WIKI)
S("https://wikimili.com/en/Barnet_London_Borough_Council_elections",
  "wikimili-barnet-council-elections", "Barnet London Borough Council elections (Wikipedia "
  "mirror)", "WikiMili (Wikipedia mirror)", licence=WIKI)
S("https://wikizero.net/wiki/en/Barnet_London_Borough_Council_elections",
  "wikizero-barnet-council-elections", "Barnet London Borough Council elections (Wikipedia "
  "mirror)", "WikiZero (Wikipedia mirror)", licence=WIKI)
S("https://iiab.me/kiwix/content/wikipedia_en_all_maxi_2023-10/A/Residents'_Association_of_Barnet",
  "kiwix-barnet-council-elections", "Barnet London Borough Council elections (Kiwix copy of "
  "Wikipedia, October 2023)", "Kiwix / Internet-in-a-Box (Wikipedia copy)", licence=WIKI,
  note="Stored under the path 'Residents' Association of Barnet'; the content is the 'Barnet "
  "London Borough Council elections' article.")
S("https://wikwiand-revamp.pages.dev/en/Barnet_local_elections",
  "wikwiand-barnet-local-elections", "Barnet local elections (Wikipedia mirror)",
  "wikwiand-revamp.pages.dev (Wikipedia mirror)", licence=WIKI)
S("https://wiki-gateway.eudic.net/wikipedia_en/Barnet_local_elections.html",
  "eudic-barnet-local-elections", "Barnet local elections (older Wikipedia copy)",
  "wiki-gateway.eudic.net (Wikipedia mirror)", licence=WIKI)
S("https://wikimili.com/en/2002_Barnet_London_Borough_Council_election", "wikimili-barnet-2002",
  "2002 Barnet London Borough Council election (Wikipedia mirror)",
  "WikiMili (Wikipedia mirror)", licence=WIKI)
S("https://wikimili.com/en/2006_Barnet_London_Borough_Council_election", "wikimili-barnet-2006",
  "2006 Barnet London Borough Council election (Wikipedia mirror)",
  "WikiMili (Wikipedia mirror)", licence=WIKI)
S("https://wikimili.com/en/2010_Barnet_London_Borough_Council_election", "wikimili-barnet-2010",
  "2010 Barnet London Borough Council election (Wikipedia mirror)",
  "WikiMili (Wikipedia mirror)", licence=WIKI)
S("http://www.wikimili.com/en/2014_Barnet_London_Borough_Council_election",
  "wikimili-barnet-2014", "2014 Barnet London Borough Council election (Wikipedia mirror)",
  "WikiMili (Wikipedia mirror)", licence=WIKI)
S("https://wikimili.com/en/Burnt_Oak_(ward)", "wikimili-burnt-oak-ward",
  "Burnt Oak (ward) (Wikipedia mirror)", "WikiMili (Wikipedia mirror)", licence=WIKI)
S("https://wikiclassic.com/wiki/Burnt_Oak_(ward)", "wikiclassic-burnt-oak-ward",
  "Burnt Oak (ward) (Wikipedia mirror)", "wikiclassic.com (Wikipedia mirror)", licence=WIKI)
S("https://wiki2.org/en/2022_London_local_elections", "wiki2-london-2022",
  "2022 London local elections (Wikipedia mirror)", "Wiki2 (Wikipedia mirror)", licence=WIKI)
S("https://wikiwand.com/en/articles/2022_Wandsworth_London_Borough_Council_election",
  "wikiwand-wandsworth-2022", "2022 Wandsworth London Borough Council election (Wikiwand)",
  "Wikiwand (Wikipedia mirror)", licence=WIKI)
S("https://alem.dynip.sapo.pt/wiki/content/wikipedia_en_all_maxi_2024-01/A/2022_Westminster_City_Council_election",
  "kiwix-westminster-2022", "2022 Westminster City Council election (Kiwix copy of Wikipedia, "
  "January 2024)", "Kiwix mirror of Wikipedia", licence=WIKI)
S("https://en.wikipedia.org/wiki/2022_Westminster_City_Council_election",
  "wikipedia-westminster-2022", "2022 Westminster City Council election", "Wikipedia",
  licence=WIKI)
S("https://wikimili.com/en/2022_Camden_London_Borough_Council_election", "wikimili-camden-2022",
  "2022 Camden London Borough Council election (Wikipedia mirror)",
  "WikiMili (Wikipedia mirror)", licence=WIKI)
S("https://wikimili.com/en/2022_Richmond_upon_Thames_London_Borough_Council_election",
  "wikimili-richmond-2022", "2022 Richmond upon Thames London Borough Council election "
  "(Wikipedia mirror)", "WikiMili (Wikipedia mirror)", licence=WIKI)
S("https://encycloreader.org/r/wikipedia.php?q=2022_Hillingdon_London_Borough_Council_election",
  "encycloreader-hillingdon-2022", "2022 Hillingdon London Borough Council election (Wikipedia "
  "mirror)", "EncycloReader (Wikipedia mirror)", licence=WIKI)

# -- official bodies
S("https://uat.barnet.gov.uk/news/where-you-go-vote-likely-change-have-your-say",
  "barnet-council-ward-changes", "Where you go to vote is likely to change - have your say",
  "London Borough of Barnet", note="Stored copy from the council's uat.barnet.gov.uk host.")
S("https://uat.barnet.gov.uk/node?page=4", "barnet-council-news-fce-by-election",
  "Barnet Council news listing (page 4): by-election result, Finchley Church End ward",
  "London Borough of Barnet", note="Stored copy from the council's uat.barnet.gov.uk host.")
S("https://admin.barnet.gov.uk/news/new-leader-barnet-council-appointed-declares-immediate-climate-emergency",
  "barnet-council-new-leader-2022", "New leader of Barnet Council appointed, declares immediate "
  "climate emergency", "London Borough of Barnet",
  note="Stored copy from the council's admin.barnet.gov.uk host. Supports: Barry Rawlings "
  "represents Friern Barnet and became Leader under the new Labour administration; Ross "
  "Houston as Deputy Leader.")
S("https://barnet.moderngov.co.uk/ieListDocuments.aspx?CId=141&MeetingId=10840",
  "moderngov-annual-council-2022", "Annual Council meeting 2022: documents",
  "London Borough of Barnet (committee papers)")
S("https://barnet.moderngov.co.uk/mgMemberIndex.aspx?bcr=1", "moderngov-member-index-2023-24",
  "Your councillors by political group", "London Borough of Barnet (committee papers)")
S("https://www.lgbce.org.uk/all-reviews/greater-london/greater-london/barnet",
  "lgbce-barnet-review", "Barnet electoral review", "Local Government Boundary Commission for "
  "England")
S("https://www.rbkc.gov.uk/newsroom/local-election-results-5-may-2022", "rbkc-2022-results",
  "Local election results 5 May 2022", "Royal Borough of Kensington and Chelsea")

# -- news, blogs and aggregators
S("https://www.hamhigh.co.uk/news/local-council/labour-wins-barnet-council-8945422",
  "hamhigh-2022-05-06-labour-wins", "Labour wins Barnet Council", "Ham & High", "2022-05-06")
S("https://www.hamhigh.co.uk/news/boundary-review-regret-at-golders-green-carve-up-in-barnet-3648152",
  "hamhigh-boundary-review-golders-green", "Boundary review: regret at Golders Green carve-up "
  "in Barnet", "Ham & High", "2020")
S("https://www.parikiaki.com/2022/05/barnet-labour-group-announces-top-five-commitments-after-taking-full-control-of-the-council/",
  "parikiaki-2022-05-labour-top-five", "Barnet Labour group announces top five commitments "
  "after taking full control of the council", "Parikiaki", "2022-05-13")
S("https://www.parikiaki.com/2022/02/are-you-registered-to-vote-local-elections-are-on-thursday-5-may-2022/",
  "parikiaki-2022-02-register-to-vote", "Are you registered to vote? Local elections are on "
  "Thursday 5 May 2022", "Parikiaki", "2022-02")
S("https://www.parikiaki.com/2022/05/who-is-barnet-labour-candidate-tony-vourou/?utm_source=rss&utm_medium=rss&utm_campaign=who-is-barnet-labour-candidate-tony-vourou",
  "parikiaki-2022-05-tony-vourou", "Who is Barnet Labour candidate Tony Vourou?", "Parikiaki",
  "2022-05-01", note="Supports: Tony Vourou was a Labour candidate in Brunswick Park in 2022.")
S("https://www.parikiaki.com/2023/01/by-election-to-be-held-in-golders-green-thursday-16-february-2023/",
  "parikiaki-2023-01-golders-green-by-election", "By-election to be held in Golders Green, "
  "Thursday 16 February 2023", "Parikiaki", "2023-01")
S("https://www.parikiaki.com/2023/02/by-election-result-golders-green-ward-in-barnet/",
  "parikiaki-2023-02-golders-green-result", "By-election result: Golders Green ward in Barnet",
  "Parikiaki", "2023-02")
S("https://www.parikiaki.com/2025/05/whetstone-residents-back-labours-responsible-and-caring-council/",
  "parikiaki-2025-05-whetstone", "Whetstone residents back Labour's responsible and caring "
  "council", "Parikiaki", "2025-05")
S("https://www.bbc.co.uk/news/topics/c95egxx8738t/barnet-london-borough-council",
  "bbc-barnet-topic", "Barnet London Borough Council (BBC News topic page)", "BBC News",
  note="A topic page collecting stories over time, including a Local Democracy Reporting "
  "Service report of 6 May 2022.")
S("https://www.bbc.com/news/uk-england-london-61343765", "bbc-2022-05-06-london-results",
  "Local elections 2022: Labour takes Wandsworth, Westminster and Barnet", "BBC News",
  "2022-05-06")
S("https://feeds.bbci.co.uk/news/live/uk-england-london-61306363?page=5",
  "bbc-live-2022-05-06-page-5", "London local elections 2022 live (page 5)", "BBC News",
  "2022-05-06", note="Live page. Supports: the running count near the end of the Barnet count "
  "(Labour 38, Conservatives 21, one ward to declare) - provisional.")
S("https://feeds.bbci.co.uk/news/live/uk-england-london-61306363?page=7",
  "bbc-live-2022-05-06-page-7", "London local elections 2022 live (page 7)", "BBC News",
  "2022-05-06", note="Live page. Supports: Labour won all three seats in Colindale South and in "
  "West Hendon.")
S("https://www.mylondon.news/news/local-elections-2022-vote-london-23879342",
  "mylondon-2022-results", "Local elections 2022: London results", "MyLondon")
S("https://www.jewishnews.co.uk/live-2022-local-election-results-conservatives-and-labour-battle-to-take-barnet/",
  "jewishnews-2022-live", "Live: 2022 local election results - Conservatives and Labour battle "
  "to take Barnet", "Jewish News")
S("https://times-series.co.uk/news/18152675.barnet-ward-boundary-map-re-drawn",
  "times-series-ward-boundary-map", "Barnet ward boundary map re-drawn", "Barnet Times "
  "(Times Series)")
S("https://times-series.co.uk/news/19288896.conservatives-win-edgware-east-barnet-2021-by-elections",
  "times-series-2021-by-elections", "Conservatives win Edgware and East Barnet 2021 "
  "by-elections", "Barnet Times (Times Series)", "2021",
  note="Supports: Nick Mearing-Smith won the May 2021 Edgware by-election as a Conservative "
  "(before the 2022 boundaries); context only.")
S("https://times-series.co.uk/news/24338450.mayor-barnet-will-support-macmillan-cancer-age-uk",
  "times-series-mayor-macmillan", "Mayor of Barnet will support Macmillan Cancer and Age UK",
  "Barnet Times (Times Series)",
  note="Supports: Tony Vourou was elected a councillor on 5 May 2022.")
S("https://thisislocallondon.co.uk/news/20170073.barnet-first-labour-mayor-20-years",
  "thisislocallondon-first-labour-mayor", "Barnet's first Labour mayor for 20 years",
  "This Is Local London (Newsquest)",
  note="Report of the May 2022 annual council meeting. Supports: Alison Moore (East Finchley) "
  "Mayor; Nagus Narenthira (Colindale South) deputy mayor; Zakia Zubairi a Colindale North "
  "councillor.")
S("https://www.onlondon.co.uk/barnet-conservatives-hold-safe-golders-green-ward-in-uneventful-by-election/",
  "onlondon-golders-green-by-election-2023", "Barnet Conservatives hold safe Golders Green ward "
  "in uneventful by-election", "OnLondon", "2023-02-17")
S("https://www.onlondon.co.uk/lewis-baston-tories-hold-off-reform-uk-in-barnet-by-election/",
  "onlondon-hendon-by-election-2025", "Lewis Baston: Tories hold off Reform UK in Barnet "
  "by-election", "OnLondon")
S("https://www.onlondon.co.uk/borough-elections-2022-this-time-barnet-really-could-go-labours-way/",
  "onlondon-2022-preview-barnet", "Borough elections 2022: this time Barnet really could go "
  "Labour's way", "OnLondon")
S("https://www.onlondon.co.uk/london-borough-elections-2022-results-in-detail/",
  "onlondon-2022-results-in-detail", "London borough elections 2022: results in detail",
  "OnLondon")
S("https://onlondon.co.uk/london-borough-elections-2022-the-results-as-they-happen/amp",
  "onlondon-2022-results-as-they-happen", "London borough elections 2022: the results as they "
  "happen", "OnLondon")
S("https://abettermillhill.blogspot.com/2022/04/mill-hill-focus-59-month-to-go-until-we.html",
  "abettermillhill-2022-04-focus-59", "Mill Hill Focus 59: a month to go", "A Better Mill Hill "
  "(campaign blog)", "2022-04")
S("https://barneteye.blogspot.com/2022/05/barnet-council-election-analysis-why.html",
  "barneteye-2022-05-election-analysis", "Barnet Council election analysis", "The Barnet Eye "
  "(blog)", "2022-05",
  note="Blog by a 2022 Mill Hill Liberal Democrat candidate. Supports: the three Conservatives "
  "who won Mill Hill; Pascale Fanning-Tichborne stood there.")
S("https://barneteye.blogspot.com/2022/05/barnet-council-election-analysis-why_6.html",
  "barneteye-2022-05-election-analysis-2", "Barnet Council election analysis (follow-up)",
  "The Barnet Eye (blog)", "2022-05",
  note="Supports: Pascale Fanning-Tichborne was a Labour candidate.")
S("https://www.barnetsociety.org.uk/component/k2/conservatives-sweep-back-to-power-in-barnet",
  "barnet-society-2018", "Conservatives sweep back to power in Barnet", "The Barnet Society")
S("https://northlondonnews.co.uk/local/barnet/barnet-council/reform-uk-wales-leader-dan-thomass-barnet-outsourcing-failures-2026",
  "nln-dan-thomas-outsourcing-2026", "Reform UK Wales leader Dan Thomas's Barnet outsourcing "
  "failures", "North London News", "2026-02-14",
  note="Secondary, later source; lower confidence.")
S("https://northlondonnews.co.uk/local/barnet/barnet-council/ex-conservative-leader-daniel-thomas-quits-barnet-council",
  "nln-dan-thomas-quits", "Ex-Conservative leader Daniel Thomas quits Barnet Council",
  "North London News")
S("https://northlondonnews.co.uk/local/barnet/hendon/conservatives-hold-hendon-ward-in-barnet-by-election-against-reform-uk",
  "nln-hendon-by-election-2025", "Conservatives hold Hendon ward in Barnet by-election against "
  "Reform UK", "North London News")
S("https://www.inkl.com/news/former-london-tory-council-leader-becomes-latest-conservative-councillor-to-defect-to-nigel-farage-s-reform-party",
  "inkl-dan-thomas-defects", "Former London Tory council leader becomes latest Conservative "
  "councillor to defect to Nigel Farage's Reform party", "inkl (news aggregator)")
S("https://nation.cymru/news/dan-thomas-unveiled-as-reform-uks-welsh-leader/",
  "nationcymru-dan-thomas-reform-wales", "Dan Thomas unveiled as Reform UK's Welsh leader",
  "Nation.Cymru")
S("https://thejc.com/news/politics/tories-hold-seat-in-golders-green-by-election-with-66-per-cent-of-vote-ahr9r8p9",
  "thejc-golders-green-by-election-2023", "Tories hold seat in Golders Green by-election with "
  "66 per cent of vote", "The Jewish Chronicle")
S("https://barnetpost.co.uk/2025/02/14/labour-retains-burnt-oak-seat-on-council-following-by-election/",
  "barnetpost-2025-02-14-burnt-oak-by-election", "Labour retains Burnt Oak seat on council "
  "following by-election", "Barnet Post", "2025-02-14")
S("https://barnetpost.co.uk/2025/05/16/labour-retains-council-seat-after-whetstone-by-election-but-vote-share-drops",
  "barnetpost-2025-05-16-whetstone-by-election", "Labour retains council seat after Whetstone "
  "by-election but vote share drops", "Barnet Post", "2025-05-16")
S("https://barnetpost.co.uk/2024/05/16/tory-group-leader-at-barnet-council-steps-down",
  "barnetpost-2024-05-16-tory-leader-steps-down", "Tory group leader at Barnet Council steps "
  "down", "Barnet Post", "2024-05-16")
S("https://barnetpost.co.uk/2024/05/22/new-barnet-mayor-praised-for-his-kindness-and-patience",
  "barnetpost-2024-05-22-new-mayor", "New Barnet mayor praised for his kindness and patience",
  "Barnet Post", "2024-05-22",
  note="Supports: Tony Vourou (Labour, Brunswick Park) Mayor for 2024/25.")
S("https://barnetpost.co.uk/2023/05/24/new-barnet-mayor-sworn-in-with-pledge-to-serve-boroughs-diverse-communities/",
  "barnetpost-2023-05-24-new-mayor", "New Barnet mayor sworn in with pledge to serve borough's "
  "diverse communities", "Barnet Post", "2023-05-24",
  note="Supports: Nagus Narenthira represents Colindale South and is in the Labour group.")
S("https://barnetpost.co.uk/2023/07/13/councillor-column-solar-panels-and-debating-skills",
  "barnetpost-2023-07-13-councillor-column", "Councillor column: solar panels and debating "
  "skills", "Barnet Post", "2023-07-13",
  note="Supports: Lucy Wakeley, Cllr Gordon and Cllr Mearing-Smith as Edgware ward "
  "councillors in July 2023.")
S("https://barnetpost.co.uk/2024/03/09/if-youre-interested-in-local-politics-stay-away-from-the-town-hall/",
  "barnetpost-2024-03-09-grover-column", "If you're interested in local politics, stay away "
  "from the town hall", "Barnet Post", "2024-03-09",
  note="Supports: Rohit Grover as a Garden Suburb councillor in 2024, first elected in 2015.")
S("https://ldd.news/london/labour-secures-burnt-oak-victory-in-barnet-by-election",
  "ldd-burnt-oak-by-election", "Labour secures Burnt Oak victory in Barnet by-election",
  "ldd.news")
S("https://d.dywpk.org.uk/by-election-set-for-burnt-oak-after-disgraced-councillor-quits",
  "dywpk-burnt-oak-by-election-set", "By-election set for Burnt Oak after disgraced councillor "
  "quits", "d.dywpk.org.uk (stored copy; original publisher not identified)")
S("https://www.londonworld.com/news/london-local-election-2022-how-many-councillors-are-there-number-of-seats-being-voted-on-party-in-power-3673628",
  "londonworld-council-sizes-2022", "London local election 2022: how many councillors are "
  "there?", "LondonWorld")
S("https://inews.co.uk/news/wandsworth-local-election-result-labour-seize-margaret-thatchers-favourite-council-after-44-years-1613991",
  "inews-wandsworth-2022", "Wandsworth local election result: Labour seize Margaret "
  "Thatcher's favourite council after 44 years", "i (inews.co.uk)")
S("https://www.islingtongazette.co.uk/news/local-council/local-election-2022-labour-wins-westminster-8945380",
  "islington-gazette-westminster-2022", "Local election 2022: Labour wins Westminster",
  "Islington Gazette")
S("https://www.westendextra.co.uk/article/labour-seize-control-of-westminster",
  "westendextra-westminster-2022", "Labour seize control of Westminster", "West End Extra")
S("https://uk.news.yahoo.com/labour-scents-victory-back-partygate-121119510.html",
  "standard-yahoo-labour-scents-victory", "Labour scents victory on the back of Partygate",
  "Evening Standard (via Yahoo News)", note="Pre-election article.")
S("http://opencouncil.network/meetings/51703", "opencouncil-meeting-51703",
  "Barnet council meeting (transcript), early 2025", "opencouncil.network",
  note="Meeting held in the pre-election period before the 13 February 2025 Burnt Oak "
  "by-election. Supports: the death of Councillor Eva Greenspan was announced there.")
S("http://www.barnetlabour.org.uk/_barnet_labour_group_announce_lead_spokespersons",
  "barnetlabour-lead-spokespersons", "Barnet Labour Group announce lead spokespersons",
  "Barnet Labour", note="Undated, from before 2022: context only (Zakia Zubairi as Labour "
  "Group vice-chair); not used to set any 2022 value.")
S("https://opencouncil.network/people/alan-schneiderman---cabinet-member-for-environment-climate-change?meetings_page=7",
  "opencouncil-alan-schneiderman", "Alan Schneiderman - Councillor for Barnet (Cricklewood)",
  "opencouncil.network", note="Profile page, c. 2025-2026. Supports a later listing only.")
S("https://opencouncil.network/people/ross-houston---deputy-leader-and-cabinet-member-for-homes-regeneration?meetings_page=4",
  "opencouncil-ross-houston", "Ross Houston - Councillor for Barnet (West Finchley)",
  "opencouncil.network", note="Profile page, c. 2025. Supports: Ross Houston, Labour, West "
  "Finchley, Deputy Leader.")
S("https://opengovernment.network/people/alison-cornelius?meetings_page=6",
  "opengovernment-alison-cornelius", "Alison Cornelius - Councillor for Barnet (Totteridge & "
  "Woodside)", "opengovernment.network", note="Profile page, c. 2025. Supports a later listing "
  "only.")
S("https://opengovernment.network/people/linda-lusingu", "opengovernment-linda-lusingu",
  "Linda Lusingu - Councillor for Barnet (Friern Barnet)", "opengovernment.network",
  note="Profile page listing meetings to 2 December 2025. Supports a later listing only.")
S("https://labourlist.org/2022/10/four-make-longlist-for-parliamentary-selection-in-finchley-and-golders-green/",
  "labourlist-2022-10-finchley-longlist", "Four make longlist for parliamentary selection in "
  "Finchley and Golders Green", "LabourList", "2022-10-12",
  note="Supports: Arjun Mittra, councillor since 2012, representing East Finchley ward.")
S("https://hendonconservatives.org/news?page=7%2C%2C49", "hendon-conservatives-news",
  "Hendon Conservatives news", "Hendon Conservatives", "2024-10",
  note="Party website. Supports: Val Duschinsky (spelt 'Ducshinsky') and Elliot Simberg as "
  "Mill Hill councillors in October 2024.")

# -- sources not in the raw JSON files
DOOGAL = dict(
    id="doogal-administrative-areas", url="https://doogaltest.co.uk/AdministrativeAreasCSV",
    title="Administrative areas CSV", publisher="Doogal (test mirror)", published=None,
    licence=None, note="Supports Barnet's GSS code E09000003. The excerpt was supplied with the "
    "project brief (it is not in shared/data).")
# The excerpt as given in the project brief (the only excerpt not read from shared/).
DOOGAL_EXCERPT = ("Barnet,Greater London,E09000003,51.605301,-0.208018,16548,8918,135817,"
                  "356063,London Borough,,148900,389300")
SEED = dict(
    id="seed-report", url=None, title="Barnet 2022 result report (project seed)",
    publisher=None, published="2022-05-06", licence=None,
    note="The project's seed text, stored at shared/seeds/barnet-2022-result-report.txt. Its "
    "outlet is not named in the text; it matches the Local Democracy Reporting Service report "
    "of 6 May 2022 carried by the BBC's Barnet topic page (bbc-barnet-topic).")
DC_CSV = dict(
    id="democracyclub-2021-csv", url=None,
    title="Democracy Club candidate results, Barnsley and Doncaster, 6 May 2021 (CSV)",
    publisher="Democracy Club (collected by the sheffield-election-map project)",
    published=None, licence="MIT (sheffield-election-map project)",
    note="shared/data/democracyclub/barnsley-2021.csv and doncaster-2021.csv; imported "
    "separately. The party register ids in parties.json (PP53, PP52, PP90, PP63, PP7931, "
    "ynmp-party:2, joint-party:53-119) are the ones these files use.")


# ---------------------------------------------------------------------------------------
# Reading the raw files and copying excerpts
# ---------------------------------------------------------------------------------------


class Raw:
    """The raw files, plus an index of every {url, excerpt, note} they hold."""

    def __init__(self, shared: Path) -> None:
        self.dir = shared / "barnet"
        load = lambda name: json.loads((self.dir / name).read_text(encoding="utf-8"))  # noqa: E731
        self.p1 = load("barnet-2022.json")
        self.p2 = load("barnet-2022-wards-pass2.json")
        self.history = load("barnet-history.json")
        self.by = load("barnet-byelections.json")
        self.london = load("london-2022.json")
        self.quotes = load("quotes.json")
        self.seed = (shared.parent / "seeds" / "barnet-2022-result-report.txt").read_text(
            encoding="utf-8")
        self.dc_dir = shared / "democracyclub"
        self.supports = self._read_sources_md()
        self.index: list[Rec] = []
        seen: set[tuple[str, str]] = set()
        for doc in (self.p1, self.p2, self.history, self.by, self.london, self.quotes):
            for pair in _pairs(doc):
                key = (pair["url"], pair["excerpt"])
                if key not in seen:
                    seen.add(key)
                    self.index.append(pair)

    def _read_sources_md(self) -> dict[str, str]:
        """URL -> the 'Supports' column of the raw SOURCES.md table."""
        out = {}
        for line in (self.dir / "SOURCES.md").read_text(encoding="utf-8").splitlines():
            m = re.match(r"\| (.+?) \| (.+) \| (.+?) \|$", line)
            if m and m.group(1) not in ("Source", "---"):
                out[m.group(1)] = m.group(2)
        return out


def _pairs(node: Any) -> list[Rec]:
    """Every {url, excerpt[, note]} object in a raw document, in document order."""
    out: list[Rec] = []
    if isinstance(node, dict):
        text = node.get("excerpt", node.get("source_excerpt"))  # quotes.json: source_excerpt
        if isinstance(node.get("url"), str) and isinstance(text, str):
            out.append({"url": node["url"], "excerpt": text, "note": node.get("note")})
        for value in node.values():
            out.extend(_pairs(value))
    elif isinstance(node, list):
        for value in node:
            out.extend(_pairs(value))
    return out


RAW: Raw  # set in main()
SRC_ID: dict[str, str] = {}  # url (or pseudo-url) -> source id


# Excerpts found later with the project's own search tool (stored copies of public pages,
# like everything in shared/data), for facts the raw files lack. Each is verbatim.
PROJECT_NOTE = "project search, 2026-11-26 (stored copy of the page)"
PROJECT_CITES: dict[str, list[Rec]] = {
    "conway-september": [
        {"source": "onlondon-hendon-by-election-2025",
         "excerpt": "the school’s governors applied to become a voluntary aided state school and "
                    "were accepted in September.",
         "note": PROJECT_NOTE},
        {"source": "onlondon-hendon-by-election-2025",
         "excerpt": "His seat became vacant.", "note": PROJECT_NOTE},
    ],
}


def cite_of(pair: Rec, note: str | None = None) -> Rec:
    """A raw {url, excerpt, note} as a native cite (the excerpt copied as stored)."""
    notes = [n for n in (pair.get("note"), note) if n]
    out = {"source": SRC_ID[pair["url"]], "excerpt": pair["excerpt"]}
    if notes:
        out["note"] = "; ".join(notes)
    return out


def ex(anchor: str, url: str | None = None, note: str | None = None) -> Rec:
    """The one stored excerpt containing `anchor` (optionally from `url`), as a cite."""
    hits = [p for p in RAW.index if anchor in p["excerpt"] and (url is None or p["url"] == url)]
    exact = [p for p in hits if p["excerpt"] == anchor]
    if len(hits) > 1 and len(exact) == 1:  # the anchor is a whole excerpt: take that one
        hits = exact
    if len(hits) != 1:
        where = "\n  ".join(f"{p['url']}: {p['excerpt'][:60]!r}" for p in hits)
        raise SystemExit(f"excerpt anchor {anchor!r} matched {len(hits)} excerpts\n  {where}")
    return cite_of(hits[0], note)


def cites_of(pairs: list[Rec]) -> list[Rec]:
    return [cite_of(p) for p in pairs]


def seed_span(start: str, end: str) -> str:
    """The seed report's text from `start` to `end` (inclusive), copied verbatim."""
    text = RAW.seed
    i = text.find(start)
    if i < 0 or text.find(start, i + 1) >= 0:
        raise SystemExit(f"seed start {start!r} not found exactly once")
    j = text.find(end, i)
    if j < 0:
        raise SystemExit(f"seed end {end!r} not found after {start!r}")
    return text[i:j + len(end)]


def seed_sentence(anchor: str) -> str:
    """The whole sentence of the seed report that contains `anchor` (first occurrence)."""
    text = RAW.seed
    i = text.index(anchor)
    start = max(text.rfind(". ", 0, i) + 2, text.rfind("\n", 0, i) + 1, 0)
    ends = [j for j in (text.find(". ", i), text.find(".\n", i)) if j >= 0]
    end = min(ends) + 1 if ends else len(text)
    return text[start:end]


def seed_cite(start: str, end: str, note: str | None = None) -> Rec:
    out = {"source": SEED["id"], "excerpt": seed_span(start, end)}
    if note:
        out["note"] = note
    return out


def dedupe_cites(cites: list[Rec]) -> list[Rec]:
    out, seen = [], set()
    for c in cites:
        key = (c["source"], c.get("excerpt"))
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def slug(text: str) -> str:
    text = text.lower().replace("&", "and").replace("’", "").replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


# Party names as the raw files write them -> our party ids.
PARTY_IDS = {
    "Labour": "labour",
    "Conservative": "conservative",
    "Liberal Democrats": "liberal-democrats",
    "Liberal Democrats (Liberal/Alliance in early years)": "liberal-democrats",
    "Green": "green",
    "Reform UK": "reform-uk",
    "Rejoin EU": "rejoin-eu",
    "Independent": "independent",
    "Women's Equality Party": "womens-equality",
    "Independent (4 candidates)": "independent",
}
CONTROL_IDS = {"Conservative": "conservative", "Labour": "labour",
               "No overall control": "noc", "Liberal Democrats": "liberal-democrats"}


def party(label: str | None) -> str | None:
    if label is None:
        return None
    if label not in PARTY_IDS:
        raise SystemExit(f"no party id for {label!r}: add it to PARTY_IDS")
    return PARTY_IDS[label]


MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December"]
MONTHS = {m[:3].lower(): i for i, m in enumerate(MONTH_NAMES, start=1)}


def iso(text: str | None) -> str | None:
    """'1969' / 'May 2002' / '17 May 2005' -> '1969' / '2002-05' / '2005-05-17'."""
    if text is None:
        return None
    parts = text.split()
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        return f"{parts[1]}-{MONTHS[parts[0][:3].lower()]:02d}"
    return f"{parts[2]}-{MONTHS[parts[1][:3].lower()]:02d}-{int(parts[0]):02d}"


# ---------------------------------------------------------------------------------------
# parties.json
# ---------------------------------------------------------------------------------------
# Colours are presentation, not facts (conventional UK party colours). `name` is the name
# the Democracy Club files use where they have the party, else the name in the Barnet
# sources. Register ids only where the Democracy Club CSVs show them (checked below).
# Aliases are lookup aids for user input ("Tory", "Lib Dem"), not claims.

PARTIES: list[Rec] = [
    dict(id="labour", name="Labour Party", short_name="Labour", abbr="Lab", colour="#E4003B",
         register_ids=["PP53"],
         aliases=["Lab", "Labour", "Labour Party", "Labour Party (UK)", "Barnet Labour"]),
    dict(id="labour-co-operative", name="Labour and Co-operative Party",
         short_name="Labour and Co-operative", abbr="Lab Co-op", colour="#E4003B",
         register_ids=["joint-party:53-119"], rollup_id="labour",
         aliases=["Labour and Co-operative", "Labour and Co-operative Party", "Labour Co-op",
                  "Lab Co-op", "Labour & Co-operative", "Labour/Co-operative"]),
    dict(id="conservative", name="Conservative and Unionist Party", short_name="Conservative",
         abbr="Con", colour="#0087DC", register_ids=["PP52"],
         aliases=["Con", "Tory", "Tories", "Conservative", "Conservatives", "Conservative Party",
                  "Conservative and Unionist Party", "Conservative Party (UK)"]),
    dict(id="liberal-democrats", name="Liberal Democrats", short_name="Liberal Democrats",
         abbr="LD", colour="#FAA61A", register_ids=["PP90"],
         aliases=["Lib Dem", "Lib Dems", "LibDem", "LibDems", "LD", "Liberal Democrat",
                  "Liberal Democrats", "Liberal Democrats (UK)"]),
    dict(id="green", name="Green Party", short_name="Green", abbr="Grn", colour="#02A95B",
         register_ids=["PP63"],
         aliases=["Green", "Greens", "Green Party", "Green Party of England and Wales",
                  "GPEW", "Grn"]),
    dict(id="reform-uk", name="Reform UK", short_name="Reform UK", abbr="Reform",
         colour="#12B6CF", register_ids=["PP7931"],
         aliases=["Reform", "Reform UK", "Reform Party", "Ref"]),
    dict(id="independent", name="Independent", short_name="Independent", abbr="Ind",
         colour="#9E9E9E", register_ids=["ynmp-party:2"],
         aliases=["Ind", "Independent", "Independents", "Independent politician"]),
    # Named in the Barnet sources (2022 candidates, by-elections); no register id shown.
    dict(id="womens-equality", name="Women's Equality Party", short_name="Women's Equality",
         abbr="WEP", colour="#64378C",
         aliases=["Women's Equality Party", "Women’s Equality Party", "Women's Equality",
                  "WEP"]),
    dict(id="rejoin-eu", name="The Rejoin EU Party", short_name="Rejoin EU", abbr="Rejoin",
         colour="#1A3A8F", aliases=["Rejoin EU", "The Rejoin EU Party", "Rejoin EU Party",
                                    "Rejoin"]),
]
# "Independent Trade Union and Socialist" (Whetstone by-election 2025) is NOT a party here:
# the raw file itself is unsure what it is, so it stays a candidacy's party_label.


def check_register_ids(dc_dir: Path) -> None:
    """Every register id we ship must appear in the Democracy Club CSVs with that party."""
    seen: dict[str, set[str]] = {}
    for f in sorted(dc_dir.glob("*.csv")):
        with f.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                seen.setdefault(row["party_id"], set()).add(row["party_name"])
    for p in PARTIES:
        for rid in p.get("register_ids", []):
            if rid not in seen:
                raise SystemExit(f"register id {rid} ({p['id']}) not in the Democracy Club CSVs")
            if p["name"] not in seen[rid]:
                raise SystemExit(f"{rid}: CSV names {seen[rid]}, we say {p['name']!r}")


def build_parties() -> Rec:
    return {"format": "election-bot-native/1", "name": "parties",
            "sources": [DC_CSV], "parties": PARTIES}


# ---------------------------------------------------------------------------------------
# People
# ---------------------------------------------------------------------------------------
# Person ids are slugs of the name. Names the sources write differently for one person
# are folded here (and nowhere else). Two similar names that no source ties together are
# kept apart: "Gabrielle Louise Bailey" (Burnt Oak by-election, Feb 2025) and "Gabrielle
# Bailey" (Hendon by-election, Oct 2025), both Green, are probably one person, but no
# source says so.

PERSON_IDS = {  # name as a source writes it -> person id
    "Daniel (Dan) Thomas": "dan-thomas",
    "Daniel Thomas": "dan-thomas",
    "Peter John Louis Zinkin": "peter-zinkin",
    "Cllr Gordon (first name not given)": "cllr-gordon",
}
PERSON_DETAILS: dict[str, Rec] = {  # canonical name, aliases and the cites for the aliases
    "dan-thomas": dict(name="Dan Thomas",
                       aliases=["Daniel Thomas", "Daniel (Dan) Thomas", "Dan Thomas"],
                       cites=lambda: [ex("Leader Barry Rawlings Daniel Thomas"),
                                      ex("Dan Thomas was the leader of Barnet council")]),
    "peter-zinkin": dict(name="Peter Zinkin", aliases=["Peter John Louis Zinkin"],
                         cites=lambda: [ex("Peter John Louis Zinkin and the turnout")]),
    "cllr-gordon": dict(name="Cllr Gordon", aliases=[],
                        cites=lambda: [ex("Cllr Gordon and Cllr Mearing-Smith",
                                          note="first name not given")]),
    "val-duschinsky": dict(name="Val Duschinsky", aliases=["Val Ducshinsky"],
                           cites=lambda: [ex("congratulations to Val Duschinsky"),
                                          ex("Val Ducshinsky", note="spelt 'Ducshinsky' here")]),
}


class People:
    def __init__(self) -> None:
        self.names: dict[str, str] = {}  # id -> canonical name
        self.fallback: dict[str, list[Rec]] = {}  # id -> cites of the first record naming them

    def __call__(self, name: str | None, cites: list[Rec] | None = None) -> str | None:
        if name is None:
            return None
        pid = PERSON_IDS.get(name, slug(name))
        if pid not in self.names:
            self.names[pid] = PERSON_DETAILS.get(pid, {}).get("name", name)
        if cites and pid not in self.fallback:
            self.fallback[pid] = cites
        return pid

    def records(self) -> list[Rec]:
        out = []
        for pid, name in self.names.items():
            details = PERSON_DETAILS.get(pid, {})
            cites = details["cites"]() if "cites" in details else self._find(name)
            out.append(dict(id=pid, name=details.get("name", name),
                            aliases=details.get("aliases", []), cites=cites))
        return out

    def _find(self, name: str) -> list[Rec]:
        """The first stored excerpt naming the person; else the seed; else the record's cites."""
        for pair in RAW.index:
            if name in pair["excerpt"] and pair["url"] in SRC_ID:
                return [cite_of(pair)]
        if name in RAW.seed:
            return [{"source": SEED["id"], "excerpt": seed_sentence(name)}]
        pid = PERSON_IDS.get(name, slug(name))
        return [dict(c, note=c.get("note") or "the person is named in this source (no stored "
                     "excerpt holds the full name)") for c in self.fallback.get(pid, [])[:1]]


# ---------------------------------------------------------------------------------------
# barnet.json: council, boundaries, wards
# ---------------------------------------------------------------------------------------

COUNCIL = "barnet"
BSET = "barnet-2022"
D2022 = "2022-05-05"
E2022 = f"local.barnet.{D2022}"
WIKI_2022 = "https://en.wikipedia.org/wiki/2022_Barnet_London_Borough_Council_election"
WIKI_2026 = "https://en.wikipedia.org/wiki/2026_Barnet_London_Borough_Council_election"
URL_KIWIX = ("https://iiab.me/kiwix/content/wikipedia_en_all_maxi_2023-10/A/"
             "Residents'_Association_of_Barnet")
URL_TABLE = "https://wikimili.com/en/Barnet_London_Borough_Council_elections"
URL_BBC_TOPIC = "https://www.bbc.co.uk/news/topics/c95egxx8738t/barnet-london-borough-council"

# Spellings a user might type for a ward (lookup aids, not claims).
WARD_ALIASES = {
    "Totteridge and Woodside": ["Totteridge & Woodside"],
    "Childs Hill": ["Child's Hill"],
}


def ward_id(name: str) -> str:
    return f"{BSET}:{slug(name)}"


def council_record() -> Rec:
    return dict(
        id=COUNCIL, name="London Borough of Barnet", short_name="Barnet", gss="E09000003",
        aliases=["Barnet", "Barnet Council", "LB Barnet", "Barnet London Borough Council",
                 "London Borough of Barnet"],
        results_url=WIKI_2022,
        cites=[{"source": DOOGAL["id"], "excerpt": DOOGAL_EXCERPT,
                "note": "GSS code E09000003"}],
    )


def ward_name_cites(name: str) -> list[Rec]:
    """Excerpts of the 2022 ward lists that name this ward (as "Name", 'Name' or 'Name Ward')."""
    pat = re.compile(r"[\"']" + re.escape(name) + r"( Ward)?[\"']")
    return [cite_of(p) for p in RAW.p1["ward_name_sources"] if pat.search(p["excerpt"])]


def boundary_and_wards() -> tuple[list[Rec], list[Rec]]:
    bset = dict(
        id=BSET, council_id=COUNCIL, name="Barnet wards from 2022 (24 wards)",
        first_used=D2022,
        cites=[ex("will come into force at the local elections in May 2022"),
               ex("There will be 15 three-councillor and 9 two-councillor wards."),
               ex("there will be 15 three-councillor wards and 9 two-councillor wards")],
    )
    wards = []
    for w in RAW.p1["wards"]:
        name = w["name"]
        cites = ward_name_cites(name)
        # the boundary report naming the new wards also supports the ward's existence
        cites += [cite_of(p) for p in w["sources"] if "times-series.co.uk" in p["url"]]
        if not cites:
            raise SystemExit(f"no ward-name source for {name}")
        wards.append(dict(id=ward_id(name), council_id=COUNCIL, boundary_set_id=BSET,
                          slug=slug(name), name=name, aliases=WARD_ALIASES.get(name, []),
                          cites=cites))
    assert len(wards) == RAW.p1["ward_count"] == 24
    return [bset], wards


# ---------------------------------------------------------------------------------------
# barnet.json: elections and council-wide party results
# ---------------------------------------------------------------------------------------

LD_EARLY_LABEL = "Liberal Democrats (Liberal/Alliance in early years)"  # the table's own words
TABLE_NOTE = ("From the composition table, which shows only Conservative, Labour and "
              "Liberal Democrat (earlier Liberal/Alliance) seats; other parties are not shown.")


def election_id(year: int, date: str | None) -> str:
    return f"local.barnet.{date or year}"


def history() -> tuple[list[Rec], list[Rec]]:
    """Every composition-table election before 2022 (2022 is built from its own file)."""
    elections, results = [], []
    size_notes = RAW.history["council_size_notes"][0]["sources"]
    control_note = RAW.history["control_summary"]["sources"]
    for row in RAW.history["seats_by_election"]:
        year = row["year"]
        if year == 2022:
            continue
        detail = row.get("detail", {})
        date = detail.get("election_date")
        eid = election_id(year, date)
        notes = [TABLE_NOTE] + row["flags"]
        cites = cites_of(row["sources"]) + cites_of(detail.get("sources", []))
        # boundary-change notes: attach the excerpt that names this year's election
        for p in size_notes:
            if p["excerpt"].startswith(f"{year} "):
                m = re.search(r" election \((.+)\)(\[\d+\])*$", p["excerpt"])
                notes.append(m.group(1)[0].upper() + m.group(1)[1:] + ".")
                cites.append(cite_of(p))
        if year in (1994, 1998):
            notes.append("Labour governed 1994-2002 with the support of the Liberal Democrats.")
            cites += cites_of(control_note)
        if "note" in detail:
            notes.append(detail["note"])
        total = None
        if year == 2006:  # the only pre-2022 election whose size a source states outright
            total = 63
        elections.append(dict(
            id=eid, council_id=COUNCIL, year=year, date=date, status="result",
            total_seats=total, control=CONTROL_IDS[row["overall_control"]],
            turnout_pct=detail.get("turnout_pct"), notes=notes, cites=dedupe_cites(cites)))
        results += history_party_results(row, eid)
    return elections, results


def history_party_results(row: Rec, eid: str) -> list[Rec]:
    year, detail = row["year"], row.get("detail", {})
    out = []
    for label, seats in row["seats"].items():
        pid = party(label)
        short = "Liberal Democrats" if pid == "liberal-democrats" else label
        rec = dict(id=f"{eid}#{pid}", election_id=eid, party_id=pid, seats=seats, notes=[],
                   cites=cites_of(row["sources"]))
        if pid == "liberal-democrats" and year < 1990:
            rec["label"] = LD_EARLY_LABEL
        if seats == 0:
            rec["notes"].append("The composition table shows '-' (no seats).")
        votes = detail.get("votes", {}).get(short)
        pct = detail.get("vote_pct", {}).get(short)
        if votes is not None or pct is not None:
            rec.update(votes=votes, vote_pct=pct)
            rec["cites"] += [cite_of(p) for p in detail["sources"]
                             if "Popular vote" in p["excerpt"] or p["excerpt"].startswith(short)]
        if year == 2002:
            # the 2002 article's results table states each party's change ("+5", "-2", "0")
            row_ex = next(p for p in detail["sources"] if p["excerpt"].startswith(short + " |"))
            rec["seat_change"] = int(row_ex["excerpt"].split("|")[2].strip().replace("+", ""))
            rec["seat_change_basis"] = "stated"
            rec["notes"].append("2002 was fought on new boundaries with three more seats.")
        if year == 2014:
            rec["seat_change"] = detail["seat_change"][short]
            rec["seat_change_basis"] = "stated"
            rec["cites"].append(ex("Seat changeDecrease2.svg7"))
        if year == 2018:
            seat_change_for_2018(rec, detail)
        if year == 2010 and pid == "liberal-democrats":
            rec["notes"].append("The 2010 election article gives 3 Liberal Democrat seats; "
                                "see the dispute. Seats here are the composition table's.")
        out.append(rec)
    if year == 2018:
        lab = next(r for r in out if r["party_id"] == "labour")
        lab["vote_pct"] = 39.0
        lab["cites"] += [ex("Last election 25 seats, 39.0% 38 seats, 44.5%"),
                         ex("with the Conservatives receiving 45.5% and Labour receiving 39.0%")]
        con = next(r for r in out if r["party_id"] == "conservative")
        con["notes"].append("Vote share not set: sources give 44.5% and 45.5% (see the dispute).")
    return out


def seat_change_for_2018(rec: Rec, detail: Rec) -> None:
    change, pid = detail["seat_change_vs_2014"], rec["party_id"]
    if pid == "conservative":
        rec.update(seat_change=change["Conservative"], seat_change_basis="stated")
        rec["cites"] += [ex("Elected in 2018 38 Total councillors 38 Change+6"),
                         ex("their total number of council seats up from 32 in 2014 to 38")]
    elif pid == "labour":
        rec.update(seat_change=change["Labour"], seat_change_basis="stated")
        rec["cites"].append(ex("Elected in 2018 25 Total councillors 25 Change-5"))
    else:  # no excerpt states the Lib Dem change: 1 seat in 2014, '-' in 2018
        rec.update(seat_change=change["Liberal Democrats"],
                   seat_change_basis="derived: 1 seat in 2014, none in 2018 (composition table)")


def election_2022() -> Rec:
    p1 = RAW.p1
    bbc_count = [cite_of(p) for d in RAW.p2["discrepancies"] if d["topic"].startswith("BBC")
                 for p in d["sources"]]
    return dict(
        id=E2022, council_id=COUNCIL, year=2022, date=D2022, status="result",
        total_seats=p1["total_seats"], control=CONTROL_IDS[p1["control_after"]],
        control_before=CONTROL_IDS[p1["control_before"]],
        turnout_votes=p1["turnout"]["ballots_provisional"],
        turnout_pct=p1["turnout"]["pct_provisional"], turnout_note="provisional",
        results_url=WIKI_2022,
        notes=[
            f"{p1['ward_count']} wards: {p1['three_member_wards']} elect three councillors and "
            f"{p1['two_member_wards']} elect two.",
            p1["boundaries"],
            "The first time Labour won the council outright; Labour's majority over all other "
            f"parties was {p1['labour_majority_over_all_others']} seats.",
            "Turnout 97,480 (37.9%) is the provisional figure.",
            "Full ward results (every candidate with votes) are recorded here for Burnt Oak "
            "only; other wards have winners, partial results or nothing (result not recorded).",
            "Conservative seats going into the election: 38 were won in 2018; MyLondon says the "
            "Conservatives had 36 of the 63 seats going in (see the dispute).",
            "A BBC live page at 07:33 on 6 May 2022 gave a running count of Labour 38, "
            "Conservatives 21 with one ward to declare; provisional and superseded by the "
            "final 41/22.",
        ],
        cites=dedupe_cites(
            [*cites_of(p1["totals_sources"]),
             ex("captured Barnet (as strongly expected)"), ex("Barking and Dagenham - 51"),
             seed_cite("Labour has scored a historic victory",
                       "since the borough’s creation in 1964."),
             seed_cite("In Barnet, the Labour group won", "Tories’ 22."), *bbc_count]),
    )


def party_results_2022() -> list[Rec]:
    out = []
    bbc_minor = ex("four independent candidates also stood", URL_BBC_TOPIC)
    seed_minor = seed_cite("The Green Party, Women’s Equality Party", "failed to win seats.")
    table = ex("2022 | Labour | 22 | 41 | - |", URL_TABLE)
    infobox = [ex("Seats won 41 22\nSeat change"), ex("Leader Barry Rawlings Daniel Thomas"),
               ex("Leader's seat Friern Barnet Finchley Church End")]
    seed_seats = seed_cite("In Barnet, the Labour group won", "Tories’ 22.")
    for t in RAW.p1["totals"]:
        pid = party(t["party"])
        rec = dict(id=f"{E2022}#{pid}", election_id=E2022, party_id=pid, seats=t["seats"],
                   seat_change=t.get("seat_change"), votes=t.get("votes"),
                   vote_pct=t.get("vote_pct"), leader_ward=t.get("leader_seat"), notes=[],
                   cites=[])
        if rec["seat_change"] is not None:
            rec["seat_change_basis"] = "stated"
        if t.get("leader"):
            rec["leader_id"] = PEOPLE(t["leader"])
        if pid in ("labour", "conservative"):
            rec["cites"] = [*infobox, ex("Labour won 41 of the 63 seats"),
                            ex("Labour won 41 seats and Conservatives took 22"), table,
                            seed_seats]
            rec["notes"].append("Vote shares 43.0% / 35.1% are the 2022 article's; the 2026 "
                                "article gives 46.7% / 38.3% (see the dispute).")
        elif pid == "liberal-democrats":
            rec["cites"] = [table, ex("Gabriel Rozenberg, Barnet Lib Dem leader, said:"),
                            seed_cite("It was also a disappointing night for the Lib Dems",
                                      "failed to win any seats")]
            rec["notes"].append("Seats 0: the composition table shows '-'.")
        else:
            rec["cites"] = [bbc_minor, seed_minor]
            if t["party"] == "Independent (4 candidates)":
                rec["label"] = t["party"]  # the raw file's label: four candidates, no seats
        if pid == "green":
            rec["notes"].append(
                "The pre-election 2026 Wikipedia article gives the Greens' 'last election' as "
                "0 seats, 9.9%; its Labour and Conservative shares (46.7%, 38.3%) differ from "
                "the 2022 article's, so 9.9% is not used as the value here.")
            rec["cites"].append(ex("Last Election4: 0 seats, 9.9%"))
        if pid == "independent":
            rec["notes"].append(
                "The pre-election 2026 Wikipedia article gives independents' 'last election' as "
                "0 seats, 0.5%; not used as the value (see the Green note).")
            rec["cites"].append(ex("Last Election5: 0 seats, 0.5%"))
        out.append(rec)
    return out


def election_2026() -> Rec:
    return dict(
        id="local.barnet.2026-05-07", council_id=COUNCIL, year=2026, date="2026-05-07",
        status="no-result", results_url=WIKI_2026,
        notes=["The result of the 7 May 2026 election is not recorded here: the only 2026 "
               "source seen is a Wikipedia snapshot from before polling day."],
        cites=[ex("Election Date: 2026-05-07")],
    )


# ---------------------------------------------------------------------------------------
# barnet.json: the 24 ward ballots of 5 May 2022 (first and second research passes merged)
# ---------------------------------------------------------------------------------------

# Outcome wording, from the sources' own words (null where no source words the outcome).
OUTCOMES = {
    "Burnt Oak": "Labour win (new boundaries)",
    "Childs Hill": "Labour gain: Labour won all three seats, taking two from the Conservatives",
    "Colindale South": "Labour won all three seats (newly created ward)",
    "East Finchley": "Labour held",
    "Finchley Church End": "Conservative: three Conservatives won",
    "Garden Suburb": "Conservative hold",
    "Golders Green": "Conservative hold",
    "High Barnet": "Labour gain (Labour won two seats)",
    "Mill Hill": "Conservative hold",
    "West Hendon": "Labour gain (all three seats; previously three Conservatives)",
    "Whetstone": "Labour win (new ward)",
}

# Seats won per party where a source says so without naming (all) the winners.
PARTY_SEATS = {
    "Childs Hill": {"labour": 3},          # "Labour won all three seats in Childs Hill"
    "Colindale South": {"labour": 3},      # "won all three seats in the newly created ..."
    "West Hendon": {"labour": 3},          # "won all three seats in the West Hendon ward"
    "Garden Suburb": {"conservative": 2},  # "Conservatives held Garden Suburb and Golders
    "Golders Green": {"conservative": 2},  #  Green, which have gone down to two councillors"
    "Finchley Church End": {"conservative": 3},  # "one of three Conservatives to triumph"
    "Mill Hill": {"conservative": 3},      # "the victorious Conservative candidates" (three)
    # "victories for Labour in High Barnet, two seats": Labour's two only; the ward's other
    # seats, if any, are not recorded (see the ballot note).
    "High Barnet": {"labour": 2},
}

# How each first-pass winner's election is established (the second pass says it itself).
# Legend (barnet-2022-wards-pass2.json): stated / serving_may_2022 / inferred_later.
PASS1_ELECTED_BASIS = {
    ("Burnt Oak", "Sara Conway"): "stated",      # full result table
    ("Burnt Oak", "Kamal Gurung"): "stated",
    ("Burnt Oak", "Ammar Naqvi"): "stated",
    # The Childs Hill article names the three as the ward's Labour councillors (undated
    # excerpt); that Labour won all three seats in May 2022 is stated by Ham & High.
    ("Childs Hill", "Giulia Innocenti"): "inferred_later",
    ("Childs Hill", "Matthew Perlberg"): "inferred_later",
    ("Childs Hill", "Nigel Young"): "inferred_later",
    # Infobox "leader's seat" plus later sources calling him the ward's councillor.
    ("Finchley Church End", "Daniel (Dan) Thomas"): "inferred_later",
    ("Finchley Church End", "Eva Greenspan"): "stated",  # "one of three Conservatives to triumph"
    ("Golders Green", "Melvin Cohen"): "inferred_later",  # named in 2023 reporting
    ("Golders Green", "Dean Cohen"): "inferred_later",
    ("Hendon", "Joshua Conway"): "stated",  # 2022 result box + "2022–2025" councillor list
    ("Hendon", "Alex Prager"): "stated",
    ("Hendon", "Mark Shooter"): "inferred_later",  # "2010–present"; not in the 2022 excerpt
    ("Whetstone", "Ella Rose"): "stated",  # "Rose, who won the Whetstone ward along with ..."
    ("Whetstone", "Liron Velleman"): "stated",
    # losers whose defeat a source states
    ("Burnt Oak", "Ruth Hart"): "stated",
    ("Burnt Oak", "Timothy McGeever"): "stated",
    ("Burnt Oak", "Samuel Shupac"): "stated",
    ("Burnt Oak", "Rashina Shah"): "stated",
    ("Childs Hill", "Peter Zinkin"): "stated",  # "where ... Peter Zinkin lost his seat"
}

# Extra excerpts for a candidacy beyond those naming the candidate (found automatically):
# the words that give the party, the win, or the ward.
CANDIDACY_EXTRA = {
    ("Burnt Oak", "Sara Conway"): ["Labour win (new boundaries)"],
    ("Burnt Oak", "Kamal Gurung"): ["Labour win (new boundaries)"],
    ("Burnt Oak", "Ammar Naqvi"): ["Labour win (new boundaries)"],
    ("Childs Hill", "Giulia Innocenti"): ["Labour won all three seats in Childs Hill"],
    ("Childs Hill", "Matthew Perlberg"): ["Labour won all three seats in Childs Hill"],
    ("Childs Hill", "Nigel Young"): ["Labour won all three seats in Childs Hill"],
    ("Finchley Church End", "Daniel (Dan) Thomas"): [
        "Leader's seat Friern Barnet Finchley Church End", "Leader Barry Rawlings Daniel Thomas",
        "He later quit as a councillor for Finchley Church End"],
    ("Golders Green", "Melvin Cohen"): ["Golders Green, which have gone down to two"],
    ("Golders Green", "Dean Cohen"): ["Golders Green, which have gone down to two"],
    ("Hendon", "Mark Shooter"): ["defection of one of their three Hendon councillors"],
    ("East Finchley", "Alison Moore"): ["first East Finchley ward councillor to be mayor",
                                        "first Labour mayor for 20 years",
                                        "Councillor Alison Moore be elected Mayor"],
    ("Edgware", "Lucy Wakeley"): ["Working together with my ward colleagues"],
    ("Mill Hill", "Val Duschinsky"): ["Our Mill Hill Councillors"],
    ("Mill Hill", "Richard Logue"): ["thank my fellow candidates Donna and Richard",
                                     "2022 | Labour | 22 | 41 | - | |"],
    ("Mill Hill", "Donna Pickup"): ["thank my fellow candidates Donna and Richard",
                                    "2022 | Labour | 22 | 41 | - | |"],
    ("Mill Hill", "Roger Tichborne"): ["2022 | Labour | 22 | 41 | - | |"],
    ("Mill Hill", "Pascale Fanning-Tichborne"): ["my neice was a Labour candidate"],
}

# Second-pass notes that explain a derived seat count become the ballot's seats_basis.
SEATS_DERIVED_MARKERS = ("Seats=3 derived", "seats = 3 derived")

# Ballot notes from the raw files that the merge makes stale or that only talk about the
# research process: exact note -> replacement (None = drop).
BALLOT_NOTE_EDITS = {
    # superseded by what the second pass found
    ("Brunswick Park", "Only the ward name is verified (2022 ward list). Seats, candidates, "
     "votes unknown."): None,
    ("Edgware", "Only the ward name is verified (2022 ward list). Seats, candidates, votes "
     "unknown."): None,
    ("West Finchley", "Only the ward name is verified (2022 ward list). Seats, candidates, "
     "votes unknown."): None,
    ("Colindale South", "New ward created in 2022 (division of Colindale). Seats and result "
     "not verified."): "New ward created in 2022 (division of Colindale).",
    # moved to the Lib Dem candidacies' notes (see MILL_HILL_LD_NOTE)
    ("Mill Hill", "elected=false because Lib Dems won no Barnet seats in 2022 (composition "
     "table). Winners, seats and votes not verified."): None,
    # research bookkeeping, no new fact
    ("Cricklewood", "Seats = 2 is already verified in barnet-2022.json (Ham & High boundary "
     "report)."): None,
    ("Garden Suburb", "Seats = 2 and 'Conservative 2 (held)' already verified in "
     "barnet-2022.json."): None,
    ("West Hendon", "Consistent with first pass ('returned to Labour'). Councillor names and "
     "votes not verified."): None,
}
# References to the raw file names, reworded for readers of the bot.
NOTE_WORDING = {
    "(see barnet-byelections.json)": "(see the by-election ballot)",
    "per barnet-2022.json": "per the 2022 sources",
    "(first pass: 'member not identified')": "(member not identified in the by-election sources)",
    "See discrepancies: the 2026 pre-election Wikipedia infobox (first pass)":
        "See the dispute: the 2026 pre-election Wikipedia infobox",
    "per first pass.": "per Ham & High.",
    "Confirms first pass: appointed": "Appointed",
    "already listed by first pass with": "listed (campaign blog) with",
    "Labour held (first pass); ": "",
    "No new 2022 result data. Addition to the first pass: a council": "A council",
    "infobox recorded in the first pass names": "infobox names",
}
MILL_HILL_LD_NOTE = ("elected=false because the Liberal Democrats won no Barnet seats in 2022 "
                     "(composition table); the three Mill Hill seats went to the Conservatives.")


def reword(note: str) -> str:
    for old, new in NOTE_WORDING.items():
        note = note.replace(old, new)
    return note


def ballot_notes(ward: str, notes: list[str]) -> list[str]:
    out = []
    for n in notes:
        if n.startswith(SEATS_DERIVED_MARKERS):
            continue  # it is the ballot's seats_basis
        n = BALLOT_NOTE_EDITS.get((ward, n), n)
        if n is not None:
            out.append(reword(n))
    return out


def surname(name: str) -> str:
    return "Gordon" if name.startswith("Cllr Gordon") else name.split()[-1]


def names_candidate(excerpt: str, name: str, others: list[str]) -> bool:
    """Does the excerpt name this candidate? Full name, or the surname when the excerpt does
    not name another candidate whose name contains the same surname."""
    if name in excerpt:
        return True
    sn = surname(name)
    if not re.search(r"\b" + re.escape(sn) + r"\b", excerpt):
        return False
    return not any(sn in o and o in excerpt for o in others if o != name)


def candidacy_cites(ward: str, name: str | None, anchor: str | None, pool: list[Rec],
                    names: list[str], single: bool) -> list[Rec]:
    if single:  # the ballot's only candidacy: every ward source is about it
        found = pool
    elif name is not None:
        found = [p for p in pool if names_candidate(p["excerpt"], name, names)]
    else:
        found = [p for p in pool if anchor and anchor.lower() in p["excerpt"].lower()]
    cites = cites_of(found)
    for a in CANDIDACY_EXTRA.get((ward, name or ""), []):
        cites.append(ex(a))
    cites = dedupe_cites(cites)
    if not cites:
        raise SystemExit(f"no cite for candidacy {ward}/{name}")
    return cites


def merge_candidates(w1: Rec, w2: Rec | None) -> list[Rec]:
    """First-pass candidates in order, then second-pass ones; a name in both is merged."""
    out = [dict(c, note_parts=[c["note"]] if c.get("note") else []) for c in w1["candidates"]]
    for c in (w2 or {}).get("candidates", []):
        same = next((o for o in out if o["name"] == c["name"]), None)
        if same is None:
            out.append(dict(c, note_parts=[c["note"]] if c.get("note") else []))
            continue
        same["elected_basis"] = c.get("elected_basis") or same.get("elected_basis")
        same["party"] = same.get("party") or c.get("party")
        if c.get("note"):
            same["note_parts"].append(c["note"])
    return out


def listing_urls(w2: Rec | None) -> set[str]:
    """URLs of second-pass sources that support only a later listing, not the 2022 ballot."""
    urls = set()
    for listing in (w2 or {}).get("later_councillor_listings", []):
        for p in w2["sources"]:
            if listing["name"] in p["excerpt"]:
                urls.add(p["url"])
    return urls


def ballots_2022() -> tuple[list[Rec], list[Rec], list[Rec]]:
    p2_by_name = {w["name"]: w for w in RAW.p2["wards"]}
    ballots, candidacies, listings = [], [], []
    for w1 in RAW.p1["wards"]:
        name = w1["name"]
        w2 = p2_by_name.get(name)
        wid = ward_id(name)
        bid = f"local.barnet.{slug(name)}.{D2022}"
        skip = listing_urls(w2)
        pool = w1["sources"] + [p for p in (w2 or {}).get("sources", []) if p["url"] not in skip]
        seats = [s for s in (w1["seats"], (w2 or {}).get("seats")) if s is not None]
        if len(set(seats)) > 1:
            raise SystemExit(f"{name}: the two passes disagree on seats {seats}")
        notes = list(w1["notes"]) + list((w2 or {}).get("notes", []))
        derived = [n for n in notes if n.startswith(SEATS_DERIVED_MARKERS)]
        ballot = dict(
            id=bid, election_id=E2022, ward_id=wid, date=D2022, seats=seats[0] if seats else None,
            seats_basis=("derived: " + derived[0].split("derived", 1)[1].lstrip(": "))
            if derived else None,
            electorate=w1["electorate"], turnout=w1["turnout"], turnout_pct=w1["turnout_pct"],
            outcome=OUTCOMES.get(name), party_seats=PARTY_SEATS.get(name, {}),
            notes=ballot_notes(name, notes),
            cites=dedupe_cites(cites_of(pool)) or ward_name_cites(name),
        )
        if name == "High Barnet":
            ballot["notes"].append("party_seats gives Labour's two seats only; the ward's other "
                                   "seats (if any) and their winners are not recorded.")
        ballots.append(ballot)
        cands = merge_candidates(w1, w2)
        names = [c["name"] for c in cands if c["name"]]
        for n, c in enumerate(cands, start=1):
            candidacies.append(candidacy_2022(name, bid, n, c, pool, names, len(cands) == 1))
        for listing in (w2 or {}).get("later_councillor_listings", []):
            listings.append(listing_record(name, wid, listing, w2))
    return ballots, candidacies, listings


def candidacy_2022(ward: str, bid: str, n: int, c: Rec, pool: list[Rec], names: list[str],
                   single: bool) -> Rec:
    name = c["name"]
    basis = c.get("elected_basis") or PASS1_ELECTED_BASIS.get((ward, name))
    if c["elected"] and basis is None:
        raise SystemExit(f"{ward}/{name}: winner with no elected_basis")
    cites = candidacy_cites(ward, name, None, pool, names, single)
    display = "Cllr Gordon" if name.startswith("Cllr Gordon") else name
    notes = [n if n.endswith((".", ")")) else n + "." for n in c["note_parts"]]
    if name.startswith("Cllr Gordon"):
        notes = ["First name not given in the source.", *notes]
    if ward == "Mill Hill" and c.get("party") == "Liberal Democrats":
        notes.append(MILL_HILL_LD_NOTE)
    return dict(
        id=f"{bid}#{n}", ballot_id=bid, person_id=PEOPLE(name, cites), name=display,
        party_id=party(c.get("party")), votes=c.get("votes"), vote_pct=c.get("vote_pct"),
        elected=c["elected"], elected_basis=basis,
        note=reword(" ".join(notes)) or None, cites=cites)


def listing_record(ward: str, wid: str, listing: Rec, w2: Rec) -> Rec:
    urls = {p["url"] for p in w2["sources"] if listing["name"] in p["excerpt"]}
    cites = cites_of([p for p in w2["sources"] if p["url"] in urls])
    pid = PEOPLE(listing["name"], cites)
    # as_of only when the listing's date is exact enough to be an ISO month
    as_of = None
    m = re.match(r"(January|February|March|April|May|June|July|August|September|October|"
                 r"November|December) (\d{4})", listing["listing_date"])
    if m:
        as_of = iso(f"{m.group(1)} {m.group(2)}")
    return dict(id=f"listing:{pid}:{slug(ward)}", person_id=pid, council_id=COUNCIL,
                ward_id=wid, party_id=party(listing["party_at_listing"]), as_of=as_of,
                as_of_text=listing["listing_date"], note=reword(listing["note"]), cites=cites)


# ---------------------------------------------------------------------------------------
# barnet.json: by-elections since 2022
# ---------------------------------------------------------------------------------------

# Words that identify an unnamed candidate's party in the by-election excerpts.
UNNAMED_ANCHORS = {
    "Green": "Green Party",
    "Rejoin EU": "Rejoin EU",
    "Liberal Democrats": "Liberal Democrats",
    "Independent": "an independent",
    "Independent Trade Union and Socialist": "Independent Trade Union and Socialist",
}
# Party strings that are not a party we hold: label (shown as written) + note.
PARTY_LABELS = {
    "Independent Trade Union and Socialist (as written in source; possibly TUSC - not verified)":
        ("Independent Trade Union and Socialist",
         "As written in the source; possibly TUSC (Trade Unionist and Socialist Coalition) - "
         "not verified."),
}
# The excerpts that give each by-election's date.
BY_DATE_ANCHORS = {
    "2023-02-16": ["Golders Green Ward on Thursday 16 February 2023"],
    "2025-02-13": ["The by-election will take place on 13 February 2025"],
    "2025-03-06": ["declared last night (Thursday 6 March)",
                   "by-election will be held on Thursday, 6th March"],
    "2025-05-15": ["In a by-election on 15th May 2025"],
    "2025-10-30": ["The by-election took place on 30 October 2025"],
}
# The raw cause for Burnt Oak adds a reason for the whip's withdrawal that no stored
# excerpt supports; a claim about a named person is kept only as far as an excerpt goes.
BY_CAUSES = {
    "Burnt Oak": "Resignation of Labour councillor Ammar Naqvi (removed from the cabinet and "
                 "the Labour whip withdrawn)",
}
BY_OUTCOMES = {"Conservative (winner)": "Conservative win"}  # the rest are used as written


def byelection_records() -> tuple[list[Rec], list[Rec], list[Rec]]:
    elections, ballots, candidacies = [], [], []
    for b in RAW.by["by_elections"]:
        date, ward = b["date"], b["ward"]
        eid = f"local.barnet.{date}"
        bid = f"local.barnet.{slug(ward)}.by.{date}"
        pool = b["sources"]
        elections.append(dict(
            id=eid, council_id=COUNCIL, year=int(date[:4]), date=date, status="result",
            notes=[f"by-election ({ward})"], cites=[ex(a) for a in BY_DATE_ANCHORS[date]]))
        seats, basis = 1, "derived: held to fill one vacancy"
        if ward == "Golders Green":
            basis = None  # "a by-election will be held for one Councillor"
        notes = list(b.get("notes", []))
        if b.get("cause_date"):
            notes.append(f"Date of the vacancy: {b['cause_date']}.")
        ballots.append(dict(
            id=bid, election_id=eid, ward_id=ward_id(ward), date=date, by_election=True,
            seats=seats, seats_basis=basis, electorate=b.get("electorate"),
            turnout_pct=b.get("turnout_pct"), outcome=BY_OUTCOMES.get(b["result"], b["result"]),
            cause=BY_CAUSES.get(ward, b.get("cause")), majority=b.get("majority"), notes=notes,
            cites=cites_of(pool)))
        names = [c["name"] for c in b["candidates"] if c["name"]]
        for n, c in enumerate(b["candidates"], start=1):
            label, label_note = PARTY_LABELS.get(c["party"], (None, None))
            pid = None if label else party(c["party"])
            anchor = UNNAMED_ANCHORS.get(label or c["party"])
            cites = candidacy_cites(ward, c["name"], anchor, pool, names, False)
            note = [label_note] if label_note else []
            if c.get("name_fragment"):
                frag = c["name_fragment"]
                note.append(f"Name truncated in the source: {frag}.")
                cites = dedupe_cites(cites + cites_of(
                    [p for p in pool if frag.split("[")[0] in p["excerpt"]]))
            if c["name"] is None:
                note.append("The source does not name this candidate.")
            candidacies.append(dict(
                id=f"{bid}#{n}", ballot_id=bid, person_id=PEOPLE(c["name"], cites),
                name=c["name"], party_id=pid, party_label=label, votes=c.get("votes"),
                vote_pct=c.get("vote_pct"), elected=c["elected"],
                elected_basis="stated" if c["elected"] else None, position=c.get("position"),
                note=" ".join(note) or None, cites=cites))
    return elections, ballots, candidacies


# ---------------------------------------------------------------------------------------
# barnet.json: offices (leaders, mayors, group leaders)
# ---------------------------------------------------------------------------------------

LEADER_ROLE = "Leader of the Council"
PRE_2026 = "shortly before the 7 May 2026 election (undated)"


def office(role: str, name: str, party_label: str | None, start: str | None, end: str | None,
           cites: list[Rec], start_text: str | None = None, end_text: str | None = None) -> Rec:
    pid = PEOPLE(name, cites)
    return dict(id=f"barnet:{slug(role)}:{pid}:{start[:4] if start else 'undated'}",
                council_id=COUNCIL,
                role=role, person_id=pid, party_id=party(party_label), start=start, end=end,
                start_text=start_text, end_text=end_text, cites=cites)


def offices() -> list[Rec]:
    out = []
    rows = RAW.history["council_leaders_sources"]
    for ld in RAW.history["council_leaders"]:
        cites = cites_of([p for p in rows if ld["name"] in p["excerpt"]])
        if not cites:  # the kiwix leaders table has the row; no excerpt was stored for it
            cites = [{"source": SRC_ID[URL_KIWIX],
                      "note": f"Row '{ld['name']} | {ld['party']} | {ld['from']} | "
                              f"{ld['to'] or ''}' of the council leaders table on this page; "
                              "no excerpt of that row was stored."}]
        end_text = None
        if ld["name"] == "Dan Thomas":
            cites.append(ex("Dan Thomas was the leader of Barnet council between 2019 and 2022"))
        if ld["to"] is None:
            end_text = "no end recorded (the sources seen predate the 7 May 2026 election)"
        out.append(office(LEADER_ROLE, ld["name"], ld["party"], iso(ld["from"]), iso(ld["to"]),
                          cites, end_text=end_text))
    out += [
        office("Deputy Leader of the Council", "Ross Houston", "Labour", "2022-05-24", None,
               [ex("Councillor Ross Houston will serve as Deputy Leader."),
                ex("Labour  West Finchley  Deputy Leader")],
               start_text="appointed at the 24 May 2022 annual meeting",
               end_text="still listed as Deputy Leader c. 2025"),
        office("Mayor", "Alison Moore", "Labour", "2022", "2023",
               [ex("Councillor Alison Moore be elected Mayor"),
                ex("proud to be Barnet’s first Labour mayor for 20 years")],
               start_text="municipal year 2022-23", end_text="municipal year 2022-23"),
        office("Deputy Mayor", "Nagus Narenthira", "Labour", "2022", "2023",
               [ex("Cllr Nagus Narenthira, who represents Colindale South, was elected deputy")],
               start_text="municipal year 2022-23", end_text="municipal year 2022-23"),
        office("Mayor", "Nagus Narenthira", "Labour", "2023", "2024",
               [ex("The Mayor of Barnet during 2023-2024 is Councillor Nagus Narenthira"),
                ex("Cllr Narenthira is a member of the Labour group")],
               start_text="municipal year 2023-24", end_text="municipal year 2023-24"),
        office("Deputy Mayor", "Tony Vourou", "Labour", "2023", "2024",
               [ex("The Mayor of Barnet during 2023-2024 is Councillor Nagus Narenthira")],
               start_text="municipal year 2023-24", end_text="municipal year 2023-24"),
        office("Mayor", "Tony Vourou", "Labour", "2024", "2025",
               [ex("was elected as the mayor of Barnet for 2024/25"),
                ex("Labour councillor Tony Vourou will represent the borough")],
               start_text="2024/25 term of office", end_text="2024/25 term of office"),
        office("Mayor", "Danny Rich", "Labour", "2025-05-20", None,
               [ex("Leader1: Danny Rich")],
               end_text="no end recorded (the sources seen predate the 7 May 2026 election)"),
        office("Leader of the Conservative group", "Dan Thomas", "Conservative", None,
               "2024-05-16",
               [ex("stepping down as opposition group leader in Barnet"),
                ex("This will be made official at the group’s annual general meeting today")],
               end_text="stepped down at the group's annual general meeting, 16 May 2024"),
    ]
    snap = next(s for s in RAW.by["composition_snapshots"] if s["as_of"].startswith("pre-"))
    for group, leader in snap["group_leaders"].items():
        cites = [cite_of(p) for p in snap["sources"] if leader in p["excerpt"]]
        out.append(office(f"Leader of the {group} group", leader, group, None, None, cites,
                          start_text=f"listed as group leader {PRE_2026}",
                          end_text=f"listed as group leader {PRE_2026}"))
    return out


# ---------------------------------------------------------------------------------------
# barnet.json: composition changes and snapshots after the 2022 election
# ---------------------------------------------------------------------------------------


def event(date_key: str) -> Rec:
    """The raw composition/leadership event with this date key."""
    hits = [e for e in RAW.by["composition_and_leadership_events"] if e["date"] == date_key]
    assert len(hits) == 1, date_key
    return hits[0]


def change(cid: str, kind: str, date: str | None, date_text: str | None, description: str,
           cites: list[Rec], person: str | None = None, ward: str | None = None,
           from_party: str | None = None, to_party: str | None = None,
           ballot_id: str | None = None, moves_seat: bool = True) -> Rec:
    return dict(id=f"barnet:{cid}", council_id=COUNCIL, kind=kind, date=date,
                date_text=date_text, description=description,
                person_id=PEOPLE(person, cites), ward_id=ward_id(ward) if ward else None,
                from_party=from_party, to_party=to_party, ballot_id=ballot_id,
                moves_seat=moves_seat, cites=cites)


def changes() -> list[Rec]:
    by = {b["ward"]: b for b in RAW.by["by_elections"]}
    fce_note = next(w for w in RAW.p2["wards"] if w["name"] == "Finchley Church End")["notes"][0]
    assert "no excerpt seen links her death to that by-election" in fce_note
    out = [
        change("2022-05-24-leader", "other", "2022-05-24", None, event("2022-05-24")["event"],
               cites_of(event("2022-05-24")["sources"]), person="Barry Rawlings",
               moves_seat=False),
        change("2022-mayor", "other", "2022", "2022 annual council meeting",
               event("2022 (annual council)")["event"],
               [*cites_of(event("2022 (annual council)")["sources"]),
                ex("Cllr Nagus Narenthira, who represents Colindale South, was elected deputy")],
               person="Alison Moore", moves_seat=False),
        # Who, and exactly when, is not known: only the before/after counts are.
        change("2022-2023-labour-to-independent", "other", None,
               "between May 2022 and Feb 2023",
               "One councillor elected for Labour became an independent: the composition moved "
               "from Labour 41 / Conservative 22 to Labour 40 / Conservative 22 / Independent 1. "
               "Who, how and exactly when are not recorded.",
               cites_of(event("between 2022-05 and 2023-02")["sources"]),
               from_party="labour", to_party="independent"),
        change("2022-12-13-death-melvin-cohen", "death", "2022-12-13",
               "13 December 2022 (The JC); the council notice says 'in January'",
               "Death of Conservative councillor Melvin Cohen (Golders Green); the date is "
               "disputed (see the dispute).",
               [ex("death of Barnet's longest-serving councillor"),
                ex("death of local councillor Melvin Cohen in January"),
                ex("It was caused by the death of Conservative councillor Melvin Cohen")],
               person="Melvin Cohen", ward="Golders Green", from_party="conservative"),
    ]
    out.append(by_change(by["Golders Green"]))
    out += [
        change("2023-mayor", "other", "2023", "municipal year 2023-24",
               "Nagus Narenthira (Labour) Mayor for 2023-24; Tony Vourou deputy mayor.",
               [ex("The Mayor of Barnet during 2023-2024 is Councillor Nagus Narenthira")],
               person="Nagus Narenthira", moves_seat=False),
        change("2024-05-16-thomas-steps-down", "other", "2024-05-16", None,
               event("2024-05-16")["event"], cites_of(event("2024-05-16")["sources"]),
               person="Dan Thomas", moves_seat=False),
        change("2024-mayor", "other", "2024", "2024/25 term of office (reported 22 May 2024)",
               "Tony Vourou (Labour, Brunswick Park) elected Mayor for 2024/25.",
               [ex("was elected as the mayor of Barnet for 2024/25"),
                ex("Labour councillor Tony Vourou will represent the borough")],
               person="Tony Vourou", moves_seat=False),
        # The defector is not named in the excerpt; Mark Shooter is likely but unconfirmed.
        change("2024-12-hendon-defection", "defection", "2024-12", "December 2024",
               event("2024-12")["event"], cites_of(event("2024-12")["sources"]),
               ward="Hendon", from_party="conservative", to_party="reform-uk"),
        change("2025-01-naqvi-whip-withdrawn", "whip-withdrawn", "2025-01", "January 2025",
               "Ammar Naqvi (Labour, Burnt Oak) removed from the cabinet and the Labour whip "
               "withdrawn.", cites_of(event("2025-01")["sources"]), person="Ammar Naqvi",
               ward="Burnt Oak", from_party="labour", to_party="independent"),
        change("2025-01-naqvi-resigns", "resignation", "2025-01", "January 2025",
               "Ammar Naqvi resigned as councillor for Burnt Oak (sitting without the Labour "
               "whip).", [ex("following the resignation of Ammar Naqvi"),
                          ex("remove him from the cabinet and withdraw")],
               person="Ammar Naqvi", ward="Burnt Oak", from_party="independent"),
        change("2025-early-death-eva-greenspan", "death", "2025",
               "early 2025 (announced at a council meeting before the 13 February 2025 "
               "Burnt Oak by-election)",
               # the second pass's caveat (fce_note), reworded without research bookkeeping
               "Death of Conservative councillor Eva Greenspan (Finchley Church End), announced "
               "at a council meeting held before the Burnt Oak by-election of 13 February 2025. "
               "This probably explains the Finchley Church End vacancy filled on 6 March 2025, "
               "but no source seen links her death to that by-election explicitly.",
               [ex("passing of our fellow Councillor Eva Greenspan"),
                ex("pre-election period in advance of the Burnt Oak by-election")],
               person="Eva Greenspan", ward="Finchley Church End", from_party="conservative"),
    ]
    out.append(by_change(by["Burnt Oak"]))
    out.append(by_change(by["Finchley Church End"]))
    out += [
        change("2025-04-velleman-resigns", "resignation", "2025-04", "April 2025",
               event("2025-04")["event"], cites_of(event("2025-04")["sources"]),
               person="Liron Velleman", ward="Whetstone", from_party="labour"),
    ]
    out.append(by_change(by["Whetstone"]))
    out += [
        change("2025-05-20-mayor", "other", "2025-05-20", None, event("2025-05-20")["event"],
               cites_of(event("2025-05-20")["sources"]), person="Danny Rich", moves_seat=False),
        change("2025-06-thomas-defects", "defection", "2025-06", "June 2025",
               event("2025-06")["event"], cites_of(event("2025-06")["sources"]),
               person="Dan Thomas", ward="Finchley Church End", from_party="conservative",
               to_party="reform-uk"),
        # The month is implied, not stated: OnLondon says the school was accepted as voluntary
        # aided "in September" and that this made his seat vacant. Without it the change sorts
        # before the Feb 2025 snapshot and the composition after it cannot be computed.
        change("2025-conway-disqualified", "disqualification", "2025-09",
               "September 2025 or soon after (implied: his school became voluntary aided in "
               "September, which made his seat vacant)",
               by["Hendon"]["cause"] + ".",
               [ex("The contest was caused by the disqualification of Conservative councillor"),
                ex("following the disqualification of Joshua Conway"),
                *PROJECT_CITES["conway-september"]],
               person="Joshua Conway", ward="Hendon", from_party="conservative"),
    ]
    out.append(by_change(by["Hendon"]))
    out.append(change(
        "2025-12-thomas-resigns", "resignation", "2025-12",
        "December 2025 (Nation.Cymru); North London News says it was timed for early 2026",
        event("2025-12")["event"], cites_of(event("2025-12")["sources"]), person="Dan Thomas",
        ward="Finchley Church End", from_party="reform-uk"))
    return out


def by_change(b: Rec) -> Rec:
    winner = b["winner"]
    bid = f"local.barnet.{slug(b['ward'])}.by.{b['date']}"
    return change(f"{b['date']}-by-election-{slug(b['ward'])}", "by-election", b["date"], None,
                  f"{b['ward']} by-election: {winner['name']} ({winner['party']}) elected; "
                  f"{BY_OUTCOMES.get(b['result'], b['result'])}.",
                  [cite_of(p) for p in b["sources"]
                   if names_candidate(p["excerpt"], winner["name"], [])],
                  person=winner["name"], ward=b["ward"], to_party=party(winner["party"]),
                  ballot_id=bid)


def snapshots() -> list[Rec]:
    raw = RAW.by["composition_snapshots"]
    wiki_council, pre_2026 = raw[0], raw[1]
    assert wiki_council["as_of"].startswith("undated") and pre_2026["as_of"].startswith("pre-")
    label = "label:independent-unaffiliated"
    return [
        dict(id="barnet:2023-02-16", council_id=COUNCIL, as_of="2023-02-16",
             as_of_text="after the Golders Green by-election of 16 February 2023 (council "
                        "notice)",
             seats={"labour": 40, "conservative": 22, "independent": 1},
             cites=[ex("political composition of the Council is now 40 Labour")]),
        dict(id="barnet:2023-24", council_id=COUNCIL, as_of="2023",
             as_of_text="during the 2023-24 municipal year (council website)",
             seats={"labour": 40, "conservative": 22, "independent": 1},
             cites=[ex("There are currently 40 Labour members"),
                    ex("The Mayor of Barnet during 2023-2024")]),
        dict(id="barnet:2025-02-14", council_id=COUNCIL, as_of="2025-02-14",
             as_of_text="after the Burnt Oak by-election of 13 February 2025",
             seats={"labour": 40, "conservative": 19, label: 3, "vacant": 1},
             labels={label: "Independent/unaffiliated"},
             notes=["The source says 'three independents'; it does not say whether any of "
                    "them sit for a party (e.g. Reform UK).",
                    "The vacancy was in Finchley Church End.",
                    "Not reconciled: the changes recorded in this dataset do not add up to this "
                    "count (they leave one more Conservative and one fewer independent); a "
                    "change before February 2025 is missing from the sources seen."],
             cites=[ex("the political composition of the council is now 40 Labour councillors"),
                    ex("One seat remains vacant in the Finchley Church End ward.")]),
        dict(id="barnet:wikipedia-council-infobox", council_id=COUNCIL, as_of=None,
             as_of_text=wiki_council["as_of"],
             seats={"label:administration": 40, "label:other-parties": 22, "vacant": 1},
             labels={"label:administration": "Administration",
                     "label:other-parties": "Other parties"},
             notes=["The infobox does not break 'Other parties' down; the same page names "
                    "Barry Rawlings (Labour) as Leader."],
             cites=[*cites_of(wiki_council["sources"]), ex("Leader2: Barry Rawlings")]),
        dict(id="barnet:pre-2026-election", council_id=COUNCIL, as_of=None,
             as_of_text=PRE_2026,
             seats={party(k): v for k, v in pre_2026["composition"].items()},
             notes=[*pre_2026["notes"],
                    "Group leaders listed: " + ", ".join(
                        f"{k} {v}" for k, v in pre_2026["group_leaders"].items()) + "."],
             cites=cites_of(pre_2026["sources"])),
    ]


# ---------------------------------------------------------------------------------------
# Statements (quotes.json + the seed report)
# ---------------------------------------------------------------------------------------

SEED_OUTLET = "local news report, 6 May 2022"
SEED_NOTE = ("Quoted in the project's seed report, whose outlet is not named; it matches the "
             "Local Democracy Reporting Service report of 6 May 2022 carried on the BBC's "
             "Barnet topic page (the url given).")
ROLE = {"Barry Rawlings": "Barnet Labour group leader",
        "Dan Thomas": "Barnet Conservative leader",
        "Gabriel Rozenberg": "Barnet Liberal Democrat leader"}
PARTY_OF = {"Barry Rawlings": "labour", "Dan Thomas": "conservative",
            "Gabriel Rozenberg": "liberal-democrats"}

# Every quotation in the seed report: (words that pick it, speaker, fragment?, context).
# Fragments are a few words quoted inside the report's own sentence; that sentence becomes
# the context. Full quotations get a context written here.
SEED_STATEMENTS = [
    ("make big changes to the borough", "Barry Rawlings", True, None),
    ("a great victory", "Barry Rawlings", True, None),
    ("I know we had the right message", "Barry Rawlings", False,
     "Reaction to Labour winning the council in 2022"),
    ("a new relationship with the people of Barnet", "Barry Rawlings", True, None),
    ("It is about having people as our partners", "Barry Rawlings", False,
     "Reaction to the 2022 result, promising a new relationship with residents"),
    ("Working with local people", "Barry Rawlings", False,
     "Reaction to the 2022 result, promising a new relationship with residents"),
    ("We’ve lost some great councillors", "Dan Thomas", False,
     "Reaction to the Conservatives' 2022 defeat in Barnet"),
    ("favour Labour more than us", "Dan Thomas", True, None),
    ("It has been a bad night for the Conservatives", "Dan Thomas", False,
     "After the result; he said it was for his colleagues in Westminster to decide on Boris "
     "Johnson's leadership"),
    ("It has been Labour’s night in Barnet", "Gabriel Rozenberg", False,
     "Reaction to the 2022 result; the Liberal Democrats won no seats"),
]
# Left out: too short to stand alone as a statement.
SEED_SKIPPED = ["for putting their trust"]

# Speakers whose statements belong to another council's file.
QUOTE_COUNCIL = {"Adam Hug": "westminster", "Ravi Govindia": "wandsworth"}


def seed_quotes() -> list[tuple[str, str]]:
    """(text, verbatim span) of every “...” quotation in the seed report. A quotation that
    runs over a paragraph break (closing mark omitted, next paragraph reopens with “) is one
    statement; its text joins the paragraphs with a space."""
    return [(m.group(1).replace("\n\n“", " "), m.group(1))
            for m in re.finditer(r"“(.*?)”", RAW.seed, flags=re.S)]


def quote_date(raw: str | None) -> tuple[str | None, str | None]:
    if raw is None:
        return None, None
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})( \(publication\))?", raw)
    if m:
        if m.group(4):
            month = MONTH_NAMES[int(m.group(2)) - 1]
            return raw[:10], f"published {int(m.group(3))} {month} {m.group(1)}"
        return raw, None
    if raw.startswith("pre-election"):
        return "2022", "before the election " + raw.split(" ", 1)[1]
    if raw.startswith("2022 statement reported"):
        return "2022", "a 2022 statement, reported 14 February 2026"
    raise SystemExit(f"unhandled quote date {raw!r}")


def quote_kind(q: Rec) -> str:
    if q["context"].startswith("PRE-ELECTION"):
        return "pre-election"
    if q["outlet"].startswith("North London News"):
        return "secondary"
    if q["context"].startswith("Tribute"):
        return "other"
    return "reaction"


def _core(text: str) -> str:
    return text.rstrip(" ,.…").removesuffix("...").rstrip(" ,.")


def statements() -> dict[str, list[Rec]]:
    """Statements per council id."""
    quotes = RAW.quotes["barnet_2022"] + RAW.quotes["other_related"]
    recs: list[Rec] = []
    for q in quotes:
        council = QUOTE_COUNCIL.get(q["speaker"], COUNCIL)
        date, date_text = quote_date(q["date"])
        cites = [ex(q["source_excerpt"], q["url"])]
        recs.append(dict(
            person_id=PEOPLE(q["speaker"], cites), text=q["quote"], role=q["role"],
            party_id=party(q["party"]), date=date, date_text=date_text, context=q["context"],
            outlet=q["outlet"], url=q["url"], council_id=council, kind=quote_kind(q),
            notes=list(q.get("notes", [])), cites=cites))
    used = set()
    for anchor, speaker, fragment, context in SEED_STATEMENTS:
        matches = [(t, span) for t, span in seed_quotes() if anchor in t]
        assert len(matches) == 1, anchor
        text, span = matches[0]
        used.add(span)
        cite = {"source": SEED["id"], "excerpt": span}
        pid = PEOPLE(speaker, [cite])
        same = [r for r in recs if not fragment and r["person_id"] == pid
                and (_core(r["text"]) in text or _core(text) in r["text"])]
        if same:  # one statement, both cites, the fuller text
            r = same[0]
            r["cites"].append(cite)
            if len(text) > len(r["text"]):
                r["text"] = text
                r["notes"] = [n for n in r["notes"] if not n.startswith("Continues")]
            if r["kind"] == "secondary":  # the seed is the contemporary report
                r["notes"].append("Also recalled by North London News on 14 February 2026 (a "
                                  "secondary source that does not name the original outlet).")
                r.update(kind="reaction", outlet=SEED_OUTLET, url=URL_BBC_TOPIC, context=context,
                         role=ROLE[speaker])
            if r["date"] is None or r["date"] == "2022":
                r.update(date="2022-05-06", date_text=None)
            r["notes"].append(SEED_NOTE.replace("Quoted in", "Also quoted in"))
            if "\n\n" in span:
                r["notes"].append("The quotation runs over two paragraphs in the seed report; "
                                  "they are joined here.")
            continue
        notes = [SEED_NOTE]
        if "\n\n" in span:
            notes.append("The quotation runs over two paragraphs in the seed report; they are "
                         "joined here.")
        if fragment:
            notes.append("A fragment quoted inside the report's own sentence (the context).")
            context = seed_sentence(anchor)
        recs.append(dict(
            person_id=pid, text=text, role=ROLE[speaker], party_id=PARTY_OF[speaker],
            date="2022-05-06", context=context, outlet=SEED_OUTLET, url=URL_BBC_TOPIC,
            council_id=COUNCIL, kind="reaction", notes=notes, cites=[cite]))
    left = [t for t, span in seed_quotes() if span not in used
            and not any(s in t for s in SEED_SKIPPED)]
    if left:
        raise SystemExit(f"seed quotations neither used nor skipped: {left}")
    # the same remark reported by two outlets stays two statements, each pointing to the other
    for a in recs:
        for b in recs:
            if a is not b and a["person_id"] == b["person_id"] and len(_core(a["text"])) > 30 \
                    and b["text"].startswith(_core(a["text"])) and a["outlet"] != b["outlet"]:
                a["notes"].append(f"The same remark is also reported, at more length, by "
                                  f"{b['outlet']}.")
                b["notes"].append(f"The same remark is also reported by {a['outlet']}.")
    out: dict[str, list[Rec]] = {}
    counts: dict[str, int] = {}
    for r in recs:
        counts[r["person_id"]] = counts.get(r["person_id"], 0) + 1
        r["id"] = f"{r['council_id']}:{r['person_id']}:{counts[r['person_id']]}"
        out.setdefault(r["council_id"], []).append(r)
    return out


# ---------------------------------------------------------------------------------------
# Disputes: every claim with its cites; the record keeps one value (or none)
# ---------------------------------------------------------------------------------------


def claim(value: str, cites: list[Rec], note: str | None = None) -> Rec:
    return dict(value=value, cites=cites, note=note)


def disputes() -> list[Rec]:
    share = next(d for d in RAW.p1["discrepancies"] if d["topic"] == "2022 vote shares")
    lusingu = next(d for d in RAW.p2["discrepancies"] if d["topic"].startswith("Linda"))
    table_2010 = [p for p in next(r for r in RAW.history["seats_by_election"]
                                  if r["year"] == 2010)["sources"]]
    return [
        dict(id="barnet:2022-labour-vote-share", topic="Labour's 2022 vote share",
             subject_kind="party_result", subject_id=f"{E2022}#labour", field="vote_pct",
             claims=[claim("43.0", [ex("Percentage 43.0% 35.1%", share["sources"][0]["url"])],
                           "2022 election article infobox, with 46,070 votes"),
                     claim("46.7", [ex("- Last Election1: 41 seats, 46.7%")],
                           "2026 election article, 'last election' column")],
             note=share["detail"]),
        dict(id="barnet:2022-conservative-vote-share", topic="Conservative 2022 vote share",
             subject_kind="party_result", subject_id=f"{E2022}#conservative", field="vote_pct",
             claims=[claim("35.1", [ex("Percentage 43.0% 35.1%", share["sources"][0]["url"])],
                           "2022 election article infobox, with 37,608 votes"),
                     claim("38.3", [ex("- Last Election2: 22 seats, 38.3%")],
                           "2026 election article, 'last election' column")],
             note=share["detail"]),
        dict(id="barnet:2018-conservative-vote-share", topic="Conservative 2018 vote share",
             subject_kind="party_result", subject_id="local.barnet.2018#conservative",
             field="vote_pct",
             claims=[claim("44.5", [ex("Last election 25 seats, 39.0% 38 seats, 44.5%")],
                           "2022 article infobox, 'last election'"),
                     claim("45.5", [ex("with the Conservatives receiving 45.5%")],
                           "body text of a mirror of the 2022 article")],
             note="Sources disagree; the record leaves the value unset."),
        dict(id="barnet:2010-lib-dem-seats", topic="Liberal Democrat seats won in 2010",
             subject_kind="party_result", subject_id="local.barnet.2010-05-06#liberal-democrats",
             field="seats",
             claims=[claim("2", cites_of(table_2010), "composition table (row sums to 62 of 63)"),
                     claim("3", [ex("Seats won39213")], "2010 election article infobox (39, 21, "
                           "3; sums to 63)")],
             note="The record keeps 2, from the composition table that every other row comes "
                  "from. The raw data's note: " + next(
                      r for r in RAW.history["seats_by_election"]
                      if r["year"] == 2010)["flags"][0]),
        dict(id="barnet:melvin-cohen-death-date", topic="Date of Melvin Cohen's death",
             subject_kind="change", subject_id="barnet:2022-12-13-death-melvin-cohen",
             field="date",
             claims=[claim("2022-12-13", [ex("death of Barnet's longest-serving councillor")],
                           "The Jewish Chronicle: '13 December last year' (article of Feb 2023)"),
                     claim("2023-01", [ex("death of local councillor Melvin Cohen in January")],
                           "Council notice via Parikiaki: 'in January' (year implied by the "
                           "notice's February 2023 date)")]),
        dict(id="barnet:dan-thomas-leader-start", topic="When Dan Thomas became council leader",
             subject_kind="office", subject_id="barnet:leader-of-the-council:dan-thomas:2019",
             field="start",
             claims=[claim("2019-05-21",
                           [ex("Dan Thomas | Conservative | 21 May 2019"),
                            ex("Dan Thomas was the leader of Barnet council between 2019")]),
                     claim("2017", [ex("served as leader of Barnet Council from 2017 to 2022")],
                           "North London News, February 2026 (secondary)")],
             note=RAW.history["council_leaders_flags"][0]),
        dict(id="barnet:2022-conservative-seats-before", topic="Conservative seats before the "
             "2022 election", subject_kind="election", subject_id=E2022, field="seats_before",
             claims=[claim("38", [ex("2018 | Conservative | 38 | 25 | - |", URL_TABLE),
                                  ex("Last election 25 seats, 39.0% 38 seats, 44.5%")],
                           "seats won at the 2018 election"),
                     claim("36", [ex("where they had 36 of the 63 seats going into")],
                           "MyLondon: seats held going into the 2022 election")],
             note=next(d for d in RAW.p1["discrepancies"]
                       if d["topic"] == "Conservative seats before election")["detail"]
             + " Both may be right at different dates."),
        dict(id="barnet:linda-lusingu-party", topic="Linda Lusingu's party",
             subject_kind="listing", subject_id="listing:linda-lusingu:friern-barnet",
             field="party_id",
             claims=[claim("independent", [ex("Independent  Friern Barnet")],
                           "opengovernment.network profile (meetings to December 2025)"),
                     claim("green",
                           [ex("- Leader4: Linda Lusingu\n- Party4: Green Party of England and "
                               "Wales")],
                           "2026 pre-election Wikipedia infobox: Green group leader")],
             note=reword(lusingu["detail"])),
        dict(id="barnet:dan-thomas-resignation-date", topic="When Dan Thomas left the council",
             subject_kind="change", subject_id="barnet:2025-12-thomas-resigns",
             field="date",
             claims=[claim("2025-12", [ex("He later quit as a councillor for Finchley Church "
                                          "End in December")], "Nation.Cymru"),
                     claim("early 2026", [ex("Resignation timed for early 2026")],
                           "North London News")],
             note="Possibly the announcement (December 2025) and the date the resignation took "
                  "effect (early 2026); not resolved."),
    ]


# ---------------------------------------------------------------------------------------
# london-2022.json: other London boroughs in 2022 (only what the raw file gives)
# ---------------------------------------------------------------------------------------

LONDON_COUNCILS = {  # borough as the raw file names it -> council record
    "Wandsworth": dict(id="wandsworth", name="London Borough of Wandsworth",
                       short_name="Wandsworth",
                       aliases=["Wandsworth Council", "Wandsworth London Borough Council"]),
    "Westminster": dict(id="westminster", name="City of Westminster", short_name="Westminster",
                        aliases=["Westminster City Council", "Westminster Council"]),
    "Kensington and Chelsea": dict(
        id="kensington-and-chelsea", name="Royal Borough of Kensington and Chelsea",
        short_name="Kensington and Chelsea",
        aliases=["Kensington & Chelsea", "RBKC", "Kensington and Chelsea Council"]),
    "Camden": dict(id="camden", name="London Borough of Camden", short_name="Camden",
                   aliases=["Camden Council", "Camden London Borough Council"]),
    "Richmond upon Thames": dict(
        id="richmond-upon-thames", name="London Borough of Richmond upon Thames",
        short_name="Richmond upon Thames",
        aliases=["Richmond", "Richmond Council", "Richmond upon Thames London Borough Council"]),
    "Hillingdon": dict(id="hillingdon", name="London Borough of Hillingdon",
                       short_name="Hillingdon",
                       aliases=["Hillingdon Council", "Hillingdon London Borough Council"]),
}
PARTIAL = ("Only the seats of the parties listed are recorded; other parties' seats are not "
           "recorded here.")


def london() -> dict[str, list[Rec]]:
    out: dict[str, list[Rec]] = {k: [] for k in ("councils", "elections", "party_results")}
    date = RAW.london["election_date"]
    sizes = RAW.london["seats_per_borough_partial"]
    for b in RAW.london["boroughs"]:
        if b["borough"] == "Barnet":
            continue  # in barnet.json
        council = dict(LONDON_COUNCILS[b["borough"]])
        cid = council["id"]
        eid = f"local.{cid}.{date}"
        cites = cites_of(b["sources"])
        # LondonWorld's pre-election list of council sizes corroborates total_seats
        if sizes["seats"].get(b["borough"]) == b["total_seats"]:
            cites += [cite_of(p) for p in sizes["sources"]
                      if re.search(re.escape(b["borough"]) + r"(?: Town)? - \d+ s", p["excerpt"])]
        council["cites"] = cites[:1]
        out["councils"].append(council)
        notes = list(b.get("notes", []))
        full = b["borough"] in ("Wandsworth", "Westminster")
        if not full and not any("not verified" in n for n in notes):
            notes.append(PARTIAL)
        out["elections"].append(dict(
            id=eid, council_id=cid, year=int(date[:4]), date=date, status="result",
            total_seats=b["total_seats"], control=party(b["control_after"]) if
            b["control_after"] != "No overall control" else "noc",
            control_before=LONDON_CONTROL_BEFORE.get(b["borough"], party(b.get("control_before"))),
            turnout_votes=b.get("turnout_votes"), turnout_pct=b.get("turnout_pct"),
            notes=[n for n in notes if not n.startswith("Seat changes are arithmetic")],
            cites=cites))
        for p in b["parties"]:
            out["party_results"].append(london_party_result(b, eid, p))
    return out


# Control before, where the raw file omits it but an excerpt states it ("held", "maintained").
LONDON_CONTROL_BEFORE = {"Camden": "labour", "Hillingdon": "conservative"}


def london_party_result(b: Rec, eid: str, p: Rec) -> Rec:
    pid = party(p["party"])
    rec = dict(id=f"{eid}#{pid}", election_id=eid, party_id=pid, seats=p["seats"],
               seat_change=p.get("seat_change"), votes=p.get("votes"), vote_pct=p.get("vote_pct"),
               notes=[], cites=[])
    if p.get("leader"):
        rec["leader_id"] = PEOPLE(p["leader"])
    if rec["seat_change"] is not None:
        if b["borough"] == "Wandsworth":
            rec["seat_change_basis"] = (
                f"derived: {p['seats']} in 2022 minus {p['seats_2018']} in 2018 (the infobox "
                "shows '9 11' without signs; 2018 had 60 seats, 2022 58)")
        else:
            rec["seat_change_basis"] = "stated"
    if p.get("swing_pp") is not None:
        rec["notes"].append(f"Swing {p['swing_pp']:+.1f} percentage points (infobox).")
    if p.get("seats_2018") is not None:
        rec["notes"].append(f"Seats at the previous (2018) election: {p['seats_2018']}.")
    name = p["party"]
    for s in b["sources"]:
        text = s["excerpt"]
        if (name in text or str(p["seats"]) in text.split() or "Seats won" in text
                or "Popular vote" in text or "Seat change" in text) and s not in rec["cites"]:
            rec["cites"].append(s)
    rec["cites"] = dedupe_cites(cites_of(rec["cites"]))
    if b["borough"] == "Wandsworth" and pid == "labour":
        rec["notes"].append("An early BBC report on 6 May 2022 said Labour 'now holds 32 seats' "
                            "after taking five from the Tories: a running count before all "
                            "wards had declared, superseded by the final 35.")
    if b["borough"] == "Richmond upon Thames" and pid == "conservative":
        rec["notes"].append("The source says the Conservatives dropped from 11 seats to 1.")
    return rec


# ---------------------------------------------------------------------------------------
# Assembling, checking and writing the files
# ---------------------------------------------------------------------------------------

PEOPLE: People  # set in main()
FORMAT = "election-bot-native/1"


def _walk_cites(node: Any) -> list[Rec]:
    out = []
    if isinstance(node, dict):
        if "source" in node and set(node) <= {"source", "excerpt", "note"}:
            out.append(node)
        for v in node.values():
            out.extend(_walk_cites(v))
    elif isinstance(node, list):
        for v in node:
            out.extend(_walk_cites(v))
    return out


def _person_refs(node: Any) -> set[str]:
    out: set[str] = set()
    if isinstance(node, dict):
        for k, v in node.items():
            if k in ("person_id", "leader_id") and isinstance(v, str):
                out.add(v)
            else:
                out |= _person_refs(v)
    elif isinstance(node, list):
        for v in node:
            out |= _person_refs(v)
    return out


def source_records() -> list[Rec]:
    out = []
    for s in SOURCE_TABLE:
        rec = {k: v for k, v in s.items()}
        supports = RAW.supports.get(s["url"])
        if supports:
            rec["note"] = f"{s['note']} {supports}" if s["note"] else supports
        if rec["url"] and not rec["url"].startswith("http"):
            rec["url"] = None  # the GitHub pseudo-URLs: no address
        out.append(rec)
    return [*out, DOOGAL, SEED, DC_CSV]


def finish(name: str, body: dict[str, list[Rec]], description: str) -> Rec:
    """Add the sources and people a file uses, check it loads, and return it as dumped."""
    people = [p for p in PEOPLE.records() if p["id"] in _person_refs(body)]
    body["people"] = people
    used = {c["source"] for c in _walk_cites(body)}
    sources = [s for s in source_records() if s["id"] in used]
    missing = used - {s["id"] for s in sources}
    if missing:
        raise SystemExit(f"{name}: cites of unknown sources {sorted(missing)}")
    raw = {"format": FORMAT, "name": name, "description": description, "sources": sources,
           **body}
    out = dump_native(parse_native(raw, name))
    return {"format": out.pop("format"), "name": out.pop("name"), "description": description,
            **out}


def build_barnet() -> tuple[Rec, dict[str, list[Rec]]]:
    bsets, wards = boundary_and_wards()
    hist_elections, hist_results = history()
    ballots, candidacies, listings = ballots_2022()
    by_elections, by_ballots, by_candidacies = byelection_records()
    stmts = statements()
    body = dict(
        councils=[council_record()], boundary_sets=bsets, wards=wards,
        elections=[*hist_elections, election_2022(), *by_elections, election_2026()],
        party_results=hist_results + party_results_2022(),
        ballots=ballots + by_ballots, candidacies=candidacies + by_candidacies,
        listings=listings, offices=offices(), changes=changes(), snapshots=snapshots(),
        statements=stmts.pop(COUNCIL), disputes=disputes(),
    )
    return finish("barnet", body, "London Borough of Barnet: elections 1964-2026, the 2022 "
                  "wards, by-elections and changes since, leaders' statements. Built by "
                  "tools/from_shared.py."), stmts


def build_london(stmts: dict[str, list[Rec]]) -> Rec:
    body = london()
    body["statements"] = [s for c in ("wandsworth", "westminster") for s in stmts.pop(c)]
    if stmts:
        raise SystemExit(f"statements for councils with no file: {sorted(stmts)}")
    return finish("london-2022", body, "Other London boroughs in May 2022: Wandsworth and "
                  "Westminster in full, partial figures for four more. Built by "
                  "tools/from_shared.py.")


def check_source_table() -> None:
    raw_urls = {p["url"] for p in RAW.index}
    table_urls = {s["url"] for s in SOURCE_TABLE}
    if raw_urls - table_urls:
        raise SystemExit(f"raw URLs with no source record: {sorted(raw_urls - table_urls)}")
    if table_urls - raw_urls:
        raise SystemExit(f"source records for URLs not in the raw data: "
                         f"{sorted(table_urls - raw_urls)}")
    ids = [s["id"] for s in SOURCE_TABLE]
    if len(ids) != len(set(ids)):
        raise SystemExit("duplicate source ids")
    SRC_ID.update({s["url"]: s["id"] for s in SOURCE_TABLE})


def write_json(path: Path, data: Rec) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    load_native(path)  # raises ImportFailed listing every problem


def main(argv: list[str] | None = None) -> int:
    global RAW, PEOPLE
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("shared", nargs="?", default=str(REPO.parent / "shared" / "data"),
                    help="the shared data folder (default: ../shared/data from the repo root)")
    ap.add_argument("--out", default=str(REPO / "data"), help="where to write (default: data/)")
    args = ap.parse_args(argv)
    RAW = Raw(Path(args.shared))
    PEOPLE = People()
    check_source_table()
    check_register_ids(RAW.dc_dir)
    out = Path(args.out)
    parties = build_parties()
    barnet, other_statements = build_barnet()
    london_2022 = build_london(other_statements)
    files = {"parties.json": parties, "barnet.json": barnet, "london-2022.json": london_2022}
    for fname, data in files.items():
        write_json(out / fname, data)
    (out / "SOURCES.md").write_text(sources_md(files), encoding="utf-8")
    for fname, data in files.items():
        counts = ", ".join(f"{k} {len(v)}" for k, v in data.items() if isinstance(v, list))
        print(f"{fname}: {counts}")
    return 0


# ---------------------------------------------------------------------------------------
# data/SOURCES.md
# ---------------------------------------------------------------------------------------

# Oddities kept visible as notes rather than disputes (the sources do not contradict each
# other, or only one source speaks).
FLAGGED = [
    "Barnet 1974 and 1978: the composition table's rows sum to 59, not 60; one seat is "
    "unaccounted for (notes on local.barnet.1974 and local.barnet.1978).",
    "Barnet 2010: the composition table's row sums to 62 of 63 (see the Lib Dem seats dispute).",
    "Barnet 2022: a BBC live running count (Labour 38, Conservatives 21, one ward to declare) "
    "was provisional; superseded by 41/22 (note on the 2022 election).",
    "Barnet 2022 vote shares for the Greens (9.9%) and independents (0.5%) appear only in the "
    "2026 article, whose Labour/Conservative shares differ from the 2022 article's; kept as "
    "notes, not values.",
    "Barnet, February 2025: the council's count (40 Lab, 19 Con, 3 independents, 1 vacant) "
    "does not reconcile with the changes recorded here (note on snapshot barnet:2025-02-14).",
    "Barnet, pre-2026 snapshot: how the Green seat and the second Reform UK seat arose is not "
    "documented.",
    "Burnt Oak: Barnet Post (2025) calls a councillor 'Kamal Bahadur'; the 2022 results give "
    "'Kamal Gurung' (ballot note).",
    "Wandsworth 2022: an early BBC report gave Labour 32 seats (running count); the final "
    "figure is 35 (note on the Labour party result).",
]

NOT_REPRESENTED = [
    "London-wide 2022 totals (1,817 councillors in 32 boroughs; councillors, councils and "
    "votes per party, wiki2.org): the format has no region-level result.",
    "2022 control changes in Harrow, Tower Hamlets (Aspire), Croydon and Havering "
    "(OnLondon), and LondonWorld's list of council sizes for 17 boroughs: those boroughs are "
    "outside this file's scope (the sizes corroborate Camden's and Hillingdon's totals).",
    "Swing (percentage points) in the 2022 Barnet and Westminster infoboxes: no field; kept in "
    "notes for Westminster, omitted for Barnet.",
    "The 2002 results table's share-of-seats column (52.4 etc.): derivable, not stored.",
]


def _cell(text: Any) -> str:
    return "" if text is None else str(text).replace("|", "\\|").replace("\n", " ")


def sources_md(files: dict[str, Rec]) -> str:
    lines = [
        "# Sources of the built-in data",
        "",
        "Generated by `tools/from_shared.py` from the raw facts in `shared/data` (do not edit "
        "by hand; edit the script and run it again).",
        "",
        "**Provenance.** Every figure comes from a stored copy of a public page (search-index "
        "copies gathered for this project, many of them Wikipedia mirrors), with the excerpt "
        "that supports it copied verbatim into the record's `cites`. Stored copies may be "
        "older or newer than the live pages. **No figure was checked against the councils' "
        "official declarations.** A value no source states is null (\"not recorded\"); values "
        "a source only implies are labelled (`derived: ...`, `elected_basis`).",
        "",
        "## Licences",
        "",
        "- Excerpts from Wikipedia and its mirrors: CC BY-SA 4.0 (Wikipedia text); the source "
        "record gives the page for attribution.",
        "- Excerpts from news sites, blogs and council pages: short quotations, © their "
        "publishers, quoted for reference.",
        "- The Democracy Club example results (`shared/data/democracyclub/`, imported "
        "separately): Democracy Club candidate data collected by James Wheare's "
        "sheffield-election-map project (MIT licence); attribute both when shipping them.",
        "- The project's own compilation (ids, structure, notes) is under the project's MIT "
        "licence; the quoted excerpts keep their own terms above.",
        "- Party colours are presentation, not facts.",
        "",
    ]
    for fname, data in files.items():
        used: dict[str, dict[str, int]] = {}
        for key, recs in data.items():
            if not isinstance(recs, list) or key == "sources":
                continue
            for r in recs:
                for c in _walk_cites(r):
                    used.setdefault(c["source"], {}).setdefault(key, 0)
                    used[c["source"]][key] += 1
        lines += [f"## {fname}", "",
                  "| id | title | URL | publisher | published | licence | supports | cited by |",
                  "|---|---|---|---|---|---|---|---|"]
        for s in data.get("sources", []):
            by = ", ".join(f"{k} {n}" for k, n in sorted(used.get(s["id"], {}).items()))
            lines.append("| " + " | ".join(_cell(x) for x in (
                f"`{s['id']}`", s["title"], s.get("url") or "(no URL)", s.get("publisher"),
                s.get("published"), s.get("licence"), s.get("note"), by or "-")) + " |")
        lines.append("")
    lines += ["## Known conflicts (recorded as disputes, not resolved)", ""]
    for data in files.values():
        for d in data.get("disputes", []):
            claims = "; ".join(
                f"**{c['value']}** ({', '.join(sorted({x['source'] for x in c['cites']}))})"
                for c in d["claims"])
            lines.append(f"- {d['topic']} (`{d['subject_id']}`, {d.get('field')}): {claims}.")
    lines += ["", "## Other oddities kept as notes", ""] + [f"- {t}" for t in FLAGGED]
    lines += ["", "## In the raw data but not represented in the format", ""]
    lines += [f"- {t}" for t in NOT_REPRESENTED]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
