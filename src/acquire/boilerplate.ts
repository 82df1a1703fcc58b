/**
 * Boilerplate classification for text and HTML blocks: comment forms, share and like buttons, related-post
 * lists, post meta, bylines and credit lines, endnotes, contact footers and disclaimers, copyright lines,
 * cookie notices, ads, and reader comments. Flagged blocks keep their text and get a short reason; nothing
 * is dropped.
 *
 * Rules are whole-line patterns (furniture is a line of its own, never a phrase inside a sentence) plus two
 * states: once a comment section starts ("Leave a Reply", "3 thoughts on …", "Comments (4)", a reader's
 * "John says: December 23, 2016 at 4:12 pm") or an "Endnotes" heading appears, everything after it is
 * boilerplate; after a "Related" heading, headline-sized lines are boilerplate until prose resumes.
 */
import type { Block } from "../types.ts";
import { collapseSpace } from "./spaces.ts";

/** A block as a parser found it, before classification. */
export interface RawBlock {
  text: string;
  breakBefore?: boolean;
  /** Set by the HTML parser when markup says what the block is (e.g. inside `#comments`): the reason to flag it. */
  hint?: string;
  /** The hint opens a reader-comment section. */
  hintStartsComments?: boolean;
}

interface Rule {
  pattern: RegExp;
  reason: string;
  /**
   * What the line opens: a comment or endnotes section (all that follows), a related-links list (the
   * headlines that follow), or one related link (the next headline).
   */
  opens?: "comments" | "endnotes" | "related" | "one-link";
}

const NUMBER_WORD = "(?:\\d+|one|two|three|four|five|six|seven|eight|nine|ten|no)";
const MONTH = "(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\.?";
const DATE = `(?:${MONTH}\\s+\\d{1,2},?\\s+\\d{4}|\\d{1,2}\\s+${MONTH},?\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}[/.]\\d{1,2}[/.]\\d{2,4})`;
const TIME = "\\d{1,2}:\\d{2}(?:\\s*[ap]\\.?m\\.?)?";
/** A person's name, "Omar Haddad", "Abdullah al-Jabassini", or a list of them "A, B, and C". */
const NAME = "\\p{Lu}[\\p{L}'’.-]*(?:\\s+(?:(?:al|el|bin|ibn|de|van|von|abu)[- ])?\\p{Lu}[\\p{L}'’.-]*){0,3}";
const NAMES = `${NAME}(?:\\s*(?:,|&|\\band\\b)\\s*(?:and\\s+)?${NAME})*`;
const CASED_DATE = "(?:\\p{L}+\\.?\\s+\\d{1,2},?\\s+\\d{4}|\\d{1,2}\\s+\\p{L}+\\.?,?\\s+\\d{4}|\\d{4}-\\d{2}-\\d{2}|\\d{1,2}[/.]\\d{1,2}[/.]\\d{2,4})";
const SOCIAL = "(?:google\\+?|twitter|x|facebook|wordpress(?:\\.com)?|gravatar|linkedin|whatsapp|telegram|reddit|pinterest|tumblr|pocket|email|e-mail|instagram|youtube)";

/**
 * A person's full name: two to four capitalised words ("Lina Saad", "Abdullah al-Jabassini"), none of them a
 * title-case headline's "-ing" or plural "-es" ("Heavy Shelling", "Renewed Clashes").
 */
const NAME_WORD = "(?![\\p{L}'’.-]*(?:ing|es)\\b)\\p{Lu}[\\p{L}'’.-]*";
const PERSON = `${NAME_WORD}(?:\\s+(?:(?:al|el|bin|ibn|de|van|von|abu)[- ])?${NAME_WORD}){1,3}`;
const CITY = "\\p{Lu}[\\p{L}'’-]+";
/** Agencies whose name opens a dateline ("Aleppo, SANA –", "Enab Baladi – Idlib"). */
export const AGENCIES = "SANA|FNA|AFP|AP|Reuters|ANHA|NPA|Enab Baladi|Xinhua|North Press|Hawar News|Anadolu|TASS|Sputnik|IRNA|Mehr News|Tasnim";

/** A date, with its weekday, time and zone as pages print them, and nothing else. */
const DATE_PHRASE = String.raw`(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:\p{L}+\.?\s+\d{1,2},?(?:\s+\d{4})?|\d{1,2}\s+\p{L}+\.?,?(?:\s+\d{4})?|\d{4}-\d{2}-\d{2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})(?:\s*[,-]?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?(?:\s*[ap]\.?m\.?)?(?:\s*(?:GMT|UTC|EST|EDT|CET|CEST|BST|EET|EEST|AST)(?:\s*[+-]\s*\d{1,2})?)?)?`;

/** No furniture line is longer than this (the longest are cookie notices and disclaimers). */
const MAX_FURNITURE_LENGTH = 600;

/** Whole-line rules, tested against the text with whitespace collapsed. First match wins. */
const RULES: Rule[] = [
  // Comment sections and their headings.
  { pattern: /^(?:leave a (?:reply|comment)|post a comment|add a comment|write a comment|join the (?:discussion|conversation)|have your say)\b.{0,80}$/i, reason: "comment form", opens: "comments" },
  { pattern: new RegExp(`^${NUMBER_WORD}\\s+(?:thoughts?|responses?|replies|comments?)\\s+(?:on|to)\\b.{0,200}$`, "i"), reason: "comment section heading", opens: "comments" },
  { pattern: /^(?:reader )?comments?\s*[([]\s*\d+\s*[)\]]$/i, reason: "comment section heading", opens: "comments" },
  { pattern: new RegExp(`^.{1,60}?\\ssays\\s*:?\\s*${DATE}(?:\\s*(?:at|@|,|-|–)?\\s*${TIME})?\\s*:?$`, "i"), reason: "reader comment", opens: "comments" },
  { pattern: new RegExp(`^.{1,60}?\\s(?:said|wrote|commented)(?:\\s+on)?\\s*:?\\s*${DATE}\\s*(?:at|@|,|-|–)?\\s*${TIME}\\s*:?$`, "i"), reason: "reader comment", opens: "comments" },
  { pattern: new RegExp(`^.{1,60}?\\s+on\\s+${DATE}\\s+at\\s+${TIME}\\s*(?:said)?:?$`, "i"), reason: "reader comment", opens: "comments" },
  { pattern: new RegExp(`^${NUMBER_WORD}\\s+(?:reader )?comments?:?$`, "i"), reason: "comment section heading", opens: "comments" },
  { pattern: /^(?:reader )?comments?:?$/i, reason: "comment section heading", opens: "comments" },
  // A reader's name and the date of the comment: "Abu Hamza · 11 Aug 2019" (a "|" makes it a byline, below).
  { pattern: new RegExp(`^${NAME}\\s*[·•]\\s*(?:${DATE}|${CASED_DATE})(?:\\s*(?:at|@|,)?\\s*${TIME})?$`, "iu"), reason: "reader comment", opens: "comments" },
  { pattern: /^(?:reply|like|dislike|share|report|flag)(?:\s*[·•|]\s*(?:reply|like|dislike|share|report|flag|\d+))+$/i, reason: "comment buttons" },
  { pattern: /^(?:view|show|load|read)\s+(?:all\s+|more\s+)?(?:\d+\s+)?comments?\b.{0,40}$/i, reason: "comment link" },

  // Comment-form furniture (WordPress and similar).
  { pattern: /^fill in your details below\b/i, reason: "comment form" },
  { pattern: /^you are commenting using your\b.{0,60}\baccount\b/i, reason: "comment form" },
  { pattern: /^\(?\s*log ?out\s*\/\s*change\s*\)?$/i, reason: "comment form" },
  { pattern: new RegExp(`^${SOCIAL}\\s+(?:photo|picture|image|avatar|icon|account)$`, "i"), reason: "comment form" },
  { pattern: /^notify me of (?:new|follow-?up)\b.{0,60}\b(?:comments?|posts?)\b/i, reason: "comment form" },
  { pattern: /^(?:enter your comment here|post comment|submit comment|cancel reply|log in to reply|your email address will not be published|required fields are marked|save my name, email)\b.{0,120}$/i, reason: "comment form" },
  { pattern: /^(?:name|e-?mail|website|comment)\s*(?:\((?:required|optional)\)|\*)\s*:?$/i, reason: "comment form" },
  { pattern: /^(?:reply|reply ↓|report (?:this )?comment|reblog)$/i, reason: "comment form" },

  // Sharing, liking, following.
  { pattern: /^(?:share|like|tweet|pin|email|print) this(?: (?:article|story|post|page))?\s*:?$/i, reason: "share buttons" },
  { pattern: new RegExp(`^(?:share|tweet|post|send)\\s+(?:it\\s+)?(?:on|via|to|with)\\s+(?:${SOCIAL}|messenger|sms|a friend)\\b.{0,40}$`, "i"), reason: "share buttons" },
  { pattern: /^click to (?:share|email|print|tweet|like)\b.{0,80}$/i, reason: "share buttons" },
  { pattern: /^(?:(?:like|enjoy(?:ed)?) this (?:story|article|post)\?\s*)?share (?:it|this(?: story| article)?) with (?:a|your) friends?!?$/i, reason: "share buttons" },
  { pattern: /^(?:sorry, your blog cannot share posts by email|post was not sent|email check failed)\b.{0,80}$/i, reason: "share buttons" },
  { pattern: /^(?:like\s+)?loading(?:\.{3}|…)?$/i, reason: "blog furniture" },
  { pattern: /^(?:be the first to like this|liked by \d+ (?:people|bloggers?))\.?$/i, reason: "like button" },
  { pattern: new RegExp(`^(?=.{0,100}$)(?:follow (?:us|me)\\b|follow\\s+\\S+(?:\\s+\\S+){0,3}\\s+on\\s+${SOCIAL}\\b|subscribe(?: now)?(?:\\s+(?:to|for)\\s+(?:our|the|this|free|updates)\\b|\\s*:|$)|sign up (?:for|to) (?:our|the)\\b|join (?:us on|our|the) (?:newsletter|mailing list|telegram|whatsapp|channel)\\b)`, "i"), reason: "subscribe/follow link" },
  { pattern: /^(?:get|receive) (?:our|the) (?:newsletter|latest)\b.{0,80}$/i, reason: "subscribe/follow link" },
  { pattern: /^subscribe to \S+(?:\s+\S+)?\s+(?:newsletter|channel|updates|feed|alerts)\b.{0,120}$/i, reason: "subscribe/follow link" },
  { pattern: /^.{0,80}\bshare this (?:story|article|post|page)\s*[!.]?$/i, reason: "share buttons" },
  { pattern: /^stay tuned\b.{0,150}$/i, reason: "promo line" },
  { pattern: /^[_\-=*~•·.]{3,}$/, reason: "separator" },
  { pattern: /^image (?:source|caption|copyright|credit)\b.{0,100}$/i, reason: "image credit" },
  { pattern: /^(?:previous|next)\s*:\s*.{0,200}$/i, reason: "post navigation" },
  { pattern: /^read (?:this|the) (?:article|story|report|page) in \p{L}+\.?$/iu, reason: "language link" },

  // Related posts, reading links, post navigation.
  { pattern: /^(?:related(?:\s+(?:posts?|articles?|stories|news|content|coverage|reading|topics))?|you (?:may|might) (?:also )?like|more (?:stories|news|articles) (?:from|on|like this)\b.{0,40}|recommended(?: for you)?|most (?:read|popular|viewed)|trending( now)?)\s*:?$/i, reason: "related links", opens: "related" },
  { pattern: /^(?:(?:read|see) (?:more|also|next)|also read)\s*:?$/i, reason: "related links", opens: "one-link" },
  // Al Jazeera's in-article list: "Keep reading", then "list 1 of 3 …".
  { pattern: /^keep reading\s*:?$/i, reason: "related links", opens: "related" },
  { pattern: /^list \d{1,2} of \d{1,2}\b.{0,200}$/i, reason: "related links" },
  { pattern: /^(?:(?:read|see) (?:more|also|next)|also read)\s*:\s*\S.{0,160}$/i, reason: "related links" },
  // A Telegram export's message header and forward line: "Syria Now 24, [27.02.20 08:12]", "[Forwarded from Horan Voice]".
  { pattern: /^.{1,60},\s*\[\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\s+\d{1,2}:\d{2}(?::\d{2})?\]$/, reason: "message header" },
  { pattern: /^\[?forwarded from\b[^\]]{1,80}\]?$/i, reason: "message header" },
  // Syndication notes: "This article is available in French on …", "To learn more about republishing this content …".
  { pattern: /^this (?:article|story|report|piece) is (?:also )?available in [A-Z][a-z]+\b.{0,120}$/i, reason: "syndication note" },
  { pattern: /^.{0,200}\b(?:republishing|republish|reprint(?:ing)?) (?:this|our) (?:content|article|story)\b.{0,200}$/i, reason: "syndication note" },
  { pattern: /^(?:keywords|tags|topics|filed under|categories)\s*:\s*.{1,300}$/i, reason: "topic tags" },
  // An embedded post's attribution: "— Syria Civil Defence (@SyriaCivilDef) February 5, 2020".
  { pattern: /^[—–-]\s*[^()]{1,60}\(@\w{1,30}\)\s*.{0,40}$/u, reason: "embedded post" },
  { pattern: /^(?:map|graphic|video|watch|infographic)\s*:\s*.{1,120}$/i, reason: "media label" },
  { pattern: /^.{0,60}\bwebsite can (?:also )?be (?:accessed|reached)\b.{0,200}$/i, reason: "page furniture" },
  // A topic-tag strip: "Israel at War | Syria | Hezbollah | Iran" (three or more short labels, no sentence).
  { pattern: /^(?:[^|•.!?\d]{1,40}\s[|•]\s){2,}[^|•.!?\d]{1,40}$/u, reason: "topic tags" },
  // One related link or a topic list on its line: "Related: Syrian army captures …", "Related Topics: Syria, Turkey".
  { pattern: /^(?:related|also read|related (?:news|posts?|articles?|stories|story|coverage|reading|topics|tags))\s*[:|»›>–-]\s*\S.{0,160}$/i, reason: "related links" },
  { pattern: /^continue reading\b.{0,80}$/i, reason: "related links" },
  { pattern: /^(?:[←«‹]\s*)?(?:previous|next|older|newer)\s+(?:post|article|story|entry|posts|entries)\b.{0,160}$/i, reason: "post navigation" },
  { pattern: /^(?:posted|filed)\s+(?:in|under|on|by)\b.{0,200}$/i, reason: "post meta" },
  { pattern: new RegExp(`^(?:published|updated)\\s*(?:on|:)?\\s*${DATE}.{0,40}$`, "i"), reason: "post meta" },
  { pattern: /^(?:tags?|tagged(?: with)?|categor(?:y|ies)|filed under|topics?|trends?)\s*:.{0,200}$/i, reason: "post meta" },
  { pattern: /^(?:published|updated|edited|posted)\s+(?:time|date|on|at)\s*:.{0,160}$/i, reason: "post meta" },
  { pattern: /\|\s*tagged\b.{0,200}$/i, reason: "post meta" },
  { pattern: /^(?:blog at wordpress\.com|create a (?:free )?(?:website|blog)\b|powered by wordpress|proudly powered by\b|theme\s*:).{0,80}$/i, reason: "blog furniture" },
  { pattern: /^(?:skip to (?:main )?content|jump to navigation|toggle navigation|back to top|scroll to top)$/i, reason: "navigation" },

  // Report back matter: endnotes open a section of references that runs to the end.
  { pattern: /^(?:end ?notes|notes|footnotes|references|citations|sources and notes)\s*:?$/i, reason: "endnotes", opens: "endnotes" },
  { pattern: /^\[\d{1,3}\]\s*(?:https?:\/\/|www\.).{0,400}$/i, reason: "endnotes" },
  { pattern: /^(?:(?:https?:\/\/|www\.)\S+[\s;,|]*)+$/i, reason: "link list" },
  { pattern: /^click here\b.{0,200}$/i, reason: "link prompt" },
  { pattern: /^follow\s+(?:\S+\s+){0,3}\S+\s*:$/i, reason: "subscribe/follow link" },
  { pattern: /^sign up (?:for|to)\b.{0,60}\bnewsletters?\b.{0,40}$/i, reason: "newsletter sign-up" },
  { pattern: /^(?:comments are (?:closed|disabled)|commenting (?:is|has been) (?:closed|disabled))\b.{0,60}$/i, reason: "comment form" },
  { pattern: /^(?:load|show|see|view) more(?: (?:news|stories|articles|posts|comments|updates))?\s*$/i, reason: "page furniture" },
  { pattern: /^(?=.{0,200}$)(?=.*\b(?:privacy policy|terms of (?:use|service))\b).*(?:\||©|\bcookie)/i, reason: "page footer" },
  { pattern: /^purchase licensing rights\b.{0,40}$/i, reason: "page furniture" },
  { pattern: /^join (?:our|the) community\b.{0,60}$/i, reason: "subscribe/follow link" },
  // An outlet's promise: "Al-Masdar News will continue to provide updates on …" (the name in capitals, nothing else before).
  { pattern: /^(?:\p{Lu}[\p{L}\d'’-]*\s+){1,4}will (?:continue to )?(?:provide|bring you|keep you)\b.{0,30}\bupdates?\b.{0,120}$/u, reason: "updates note" },
  // UN press releases' masthead: "7919th Meeting (AM)", "SC/12784".
  { pattern: /^\d+(?:st|nd|rd|th) meeting \((?:am|pm|night)\)$/i, reason: "page furniture" },
  { pattern: /^(?:SC|GA|SG|ECOSOC|HRC)\/(?:SM\/)?\d{3,6}(?:-\S+)?$/, reason: "page furniture" },
  { pattern: /^download (?:the )?(?:full )?(?:pdf|report|document|file)\b.{0,100}$/i, reason: "link prompt" },
  { pattern: /^for (?:further|more) information,? (?:please )?(?:contact|visit|see|email|write)\b.{0,300}$/i, reason: "contact footer" },
  // A contact line ending in an e-mail address: "Hana Ibrahim, Public Information Officer, OCHA Syria, ibrahimh@un.org".
  { pattern: /^[^.!?]{0,160}[\s,:;(]\S+@[\w-]+(?:\.[\w-]+)+\)?\.?$/u, reason: "contact footer" },
  { pattern: /^(?:media )?contacts?\s*:.{0,300}$/i, reason: "contact footer" },
  { pattern: /^(?=.{0,400}$).*\bdo(?:es)? not imply (?:any )?(?:official )?(?:endorsement|acceptance|the expression of any opinion)\b/i, reason: "disclaimer" },

  // Bylines and credit lines.
  { pattern: /^(?:authors?|written by|words by|contributors?)\s*:.{1,200}$/i, reason: "byline" },
  // Case-sensitive on purpose: names are capitalised, which is what tells "By Omar Haddad" from "By late Tuesday".
  { pattern: new RegExp(`^[Bb]y\\s+${NAMES}(?:\\s*[|–—-]\\s*(?:${NAME}|${CASED_DATE})|,\\s*${CASED_DATE})?\\.?$`, "u"), reason: "byline" },
  // "By Karim ABOU SAAB with Lina HADDAD in Beirut", "By Levant24 Staff".
  { pattern: new RegExp(`^[Bb]y\\s+${NAMES}(?:\\s+with\\s+${NAMES})?(?:\\s+in\\s+\\p{Lu}[\\p{L}'’-]+(?:,\\s*\\p{Lu}[\\p{L}'’-]+)?)?\\.?$`, "u"), reason: "byline" },
  { pattern: /^by\s+(?:\S+\s+){0,3}(?:staff|staff writers?|correspondents?|news desk|editorial (?:team|board))\.?$/i, reason: "byline" },
  { pattern: new RegExp(`^[Bb]y\\s+${NAMES},\\s+for\\s+\\p{Lu}[\\p{L}\\d'’ -]{1,40}$`, "u"), reason: "byline" },
  // A live blog's bare time stamp: "12:05 GMT".
  { pattern: /^\d{1,2}[:.]\d{2}\s*(?:GMT|UTC|[ap]\.?m\.?|local time)?(?:\s*[+-]\s*\d{1,2})?$/i, reason: "date line" },
  // "Ghossoun Mahmoud / Hala Zain", "Tom Weller & Amira Nassar, BBC News", "Sardar Ahmed | Kurdistan24 | 23 Jan 2022".
  { pattern: new RegExp(`^${NAME}(?:\\s*/\\s*${NAME})+$`, "u"), reason: "byline" },
  { pattern: new RegExp(`^${NAME}\\s*(?:&|\\band\\b)\\s*${NAME},\\s*\\p{Lu}[\\p{L}\\d]*(?:\\s+\\p{Lu}[\\p{L}\\d]*){0,2}$`, "u"), reason: "byline" },
  { pattern: new RegExp(`^${NAMES}(?:\\s*\\|\\s*[^|]{2,40})?\\s*\\|\\s*${CASED_DATE}$`, "u"), reason: "byline" },
  // Desk codes and initials: "(Z.Q/H.E)", AFP's "burs-lk/jsa".
  { pattern: /^\((?:\p{Lu}\.){1,3}\p{Lu}?(?:\s*\/\s*(?:\p{Lu}\.){1,3}\p{Lu}?)*\)$/u, reason: "credit line" },
  { pattern: /^[a-z]{2,6}(?:-[a-z]{1,4})?(?:\/[a-z]{2,4})+$/, reason: "credit line" },
  { pattern: /^[(*]?(?:(?:additional )?reporting|writing|editing|compiled|translated|edited|prepared|reported|written) by\b.{0,400}$/i, reason: "credit line" },
  // Endnote lists: "Sources: [1] CENTCOM statement, …; [2] SANA, …".
  { pattern: /^(?:sources?|references?|notes?|endnotes?)\s*:\s*\[\d+\].{0,2000}$/i, reason: "credit line" },
  // A newsletter's pitch: "The Reuters Daily Briefing newsletter provides all the news … Sign up here."
  { pattern: /^.{0,80}\bnewsletters?\b.{0,200}\b(?:sign up|subscribe|inbox)\b.{0,40}$/i, reason: "newsletter sign-up" },
  // "Sinan Ozdemir |24.11.2020": a name and a date as the only content of a line.
  { pattern: new RegExp(`^${NAME}\\s*[|·•–—-]\\s*${CASED_DATE}$`, "u"), reason: "byline" },
  { pattern: /^sources?\s*:\s*[^.]{1,80}\.?$/i, reason: "credit line" },
  { pattern: /^[\s–—-]*.{0,200}\bcontributed (?:to )?(?:this )?(?:report|story|article|reporting)[.\s–—-]*$/i, reason: "credit line" },
  // A date alone on a line ("2 March 2020"): the page's dateline furniture, not a paragraph.
  { pattern: new RegExp(`^(?:updated\\s*:?\\s*)?(?:${DATE}|${CASED_DATE})(?:\\s*,?\\s*${TIME}(?:\\s*(?:GMT|UTC))?)?$`, "iu"), reason: "date line" },
  // "Tuesday, 22 March, 2022 - 06:15", "February 28, 17:40 UTC+3", "December 7, 2024 11:42 AM GMT+3 Updated 3 hours ago",
  // "17-10-2019", "June 14, 2025 | 5 min read", "SOHR | Saturday, November 23, 2024".
  // "19 Dec 2016 14:35 GMT | War & Conflict, Syria", "February 6, 2020 at 3:42 pm | Published in: Middle East".
  { pattern: new RegExp(`^(?:(?:posted|published|updated)(?:\\s+on)?\\s*:?\\s*)?${DATE_PHRASE}\\s*\\|\\s*[^|]{1,120}$`, "iu"), reason: "date line" },
  { pattern: new RegExp(`^(?:\\S{1,20}\\s*\\|\\s*)?${DATE_PHRASE}(?:\\s*[|,-]?\\s*(?:updated|published)\\b.{0,30}|\\s*\\|\\s*\\d+\\s+min(?:ute)?s?\\s+read)?$`, "iu"), reason: "date line" },
  // A post's meta strip ending in the time it went up: "DAILY SABAH WITH AA | ISTANBUL | NOV 21, 2022 - 3:48 PM GMT+3",
  // "Zaman al-Wasl- Exclusive | 2019-05-22 10:41:00" (a title such as "Live updates | Monday, March 14" has no time).
  { pattern: new RegExp(`^(?=.*\\d:\\d\\d)(?:[^|]{1,40}\\|\\s*){1,3}${DATE_PHRASE}$`, "iu"), reason: "date line" },
  // "Last updated 18:05 GMT, March 8, 2025", "Published on: 3 May 2021".
  { pattern: new RegExp(`^(?:last\\s+)?(?:updated|modified|published|posted)(?:\\s+(?:on|at))?\\s*:?\\s*(?:\\d{1,2}[:.]\\d{2}\\s*(?:GMT|UTC|[ap]\\.?m\\.?)?(?:\\s*[+-]\\s*\\d{1,2})?\\s*,?\\s*(?:on\\s+)?)?${DATE_PHRASE}$`, "iu"), reason: "date line" },
  // Two reporters and where each files from: "Sara Khalil in Homs and Lina Saad in Beirut".
  { pattern: new RegExp(`^${PERSON}\\s+in\\s+${CITY}(?:\\s*(?:,|,?\\s*and)\\s+${PERSON}\\s+in\\s+${CITY})+$`, "u"), reason: "byline" },
  // An agency's dateline alone on its line: "Enab Baladi – Idlib", "SANA – Exclusive".
  { pattern: new RegExp(`^(?:${AGENCIES})\\s*[-–—]\\s*\\p{Lu}[\\p{L}'’-]*(?:\\s+\\p{Lu}[\\p{L}'’-]*){0,2}$`, "u"), reason: "dateline" },
  // "Note: figures are preliminary …", "Editor's note: this article was updated …", "CORRECTION: An earlier version …".
  { pattern: /^(?:editor['’]?s['’]?\s+)?(?:note|correction|clarification)\s*:.{0,400}$/i, reason: "editorial note" },
  { pattern: /^(?:this|the) interview (?:has been|was) (?:lightly\s+)?(?:edited|condensed|conducted|translated)\b.{0,200}$/i, reason: "editorial note" },
  { pattern: /^(?:region|country|region\s*\/\s*country)\s*:.{1,200}$/i, reason: "post meta" },
  { pattern: /^(?:your (?:tax[- ]deductible )?(?:gift|donation)|donate (?:now|today))\b.{0,200}$/i, reason: "donation prompt" },
  { pattern: /^replying to @\w{1,30}\b.{0,300}$/i, reason: "reader comment" },
  { pattern: /^.{0,80}\b(?:for (?:[\w-]+\s+){0,3}use only|not for (?:re)?distribution|not for publication)\b.{0,80}$/i, reason: "disclaimer" },
  { pattern: /^this (?:report|article|story|piece|investigation) was (?:produced|published|written|made|funded|supported|prepared|edited|translated)\b.{0,300}$/i, reason: "credit line" },
  // UN meetings coverage: "The meeting began at 11:10 a.m. and ended at 1:20 p.m.", "For information media. Not an official record."
  { pattern: /^the meeting (?:began|started|opened|was called to order) at \d{1,2}[:.]\d{2}\b.{0,80}$/i, reason: "meeting note" },
  { pattern: /^for (?:the )?information (?:of the )?media\b.{0,20}not an official record\.?$/i, reason: "meeting note" },
  // Agencies' subscription notices under every article ("… website contains only a portion of the news …").
  { pattern: /^.{0,80}\b(?:website|site) contains only a (?:portion|part|selection) of\b.{0,400}$/i, reason: "subscription notice" },
  { pattern: /^our standards\s*:.{0,100}$/i, reason: "credit line" },
  // Editors' initials as agencies sign off: "R. Haddad / L. Mansour", "H.S./M.A.".
  // Not a numbered section heading ("I. Introduction", "V. Recommendations").
  { pattern: /^(?![IVX]{1,4}\.\s+\p{Lu}\p{Ll}+$)(?:(?:\p{Lu}\.\s?){1,3}(?:\p{Lu}[\p{L}'’-]+)?)(?:\s*[/,&]\s*(?:\p{Lu}\.\s?){1,3}(?:\p{Lu}[\p{L}'’-]+)?)*$/u, reason: "credit line" },

  // Repost notes and disclaimers.
  { pattern: /^\(?(?:this (?:piece|article|post|story|report|analysis|op-ed) (?:was|is|has been) (?:first |originally )?(?:published|posted|republished|reposted)|(?:it )?(?:was )?(?:first|originally) (?:published|posted|appeared)|(?:reposted|republished|reprinted) (?:with|by|from|courtesy)\b).{0,200}$/i, reason: "repost note" },
  { pattern: /^\(?(?:the )?(?:views|opinions) expressed (?:in this|here|are)\b.{0,200}$|^disclaimer\s*:.{0,300}$/i, reason: "disclaimer" },

  // Legal lines, cookie notices, advertising.
  { pattern: /^(?:copyright\s*(?:©|\(c\)|\d{4}|by\b)|©|\(c\)\s*\d{4}).{0,200}$/i, reason: "copyright line" },
  { pattern: /^.{0,200}\ball rights reserved\.?.{0,40}$/i, reason: "copyright line" },
  { pattern: /^(?=.{0,400}$)(?=.*\bcookies?\b)(?=.*\b(?:we use|uses|using|accept|consent|agree|privacy)\b).*/i, reason: "cookie notice" },
  { pattern: /^(?:advertisement|advertising|sponsored(?: content)?|ad|ads|scroll to continue(?: with content)?)$/i, reason: "advertisement" },

  // Unformatted template residue ("Connecting to %s").
  { pattern: /^(?=.{0,100}$).*(?:%[sd]\b|\{\{[^}]*\}\})/, reason: "template residue" },
];

/** Words that make up button rows and menus; a short line made only of these is page furniture. */
const FURNITURE_WORDS = new Set(
  (
    "share shares shared like likes liked tweet retweet email e-mail print facebook twitter x whatsapp telegram " +
    "reddit linkedin pinterest tumblr pocket skype messenger vk instagram youtube rss feed google google+ more " +
    "logo reply reblog follow following subscribe subscribed menu search home next previous prev newer older " +
    "comment comments related loading advertisement close login logout log in out sign up register skip " +
    "navigation copy link photo picture icon avatar back top toggle view all page"
  ).split(" "),
);
const FILLER_WORDS = new Set(["in", "out", "to", "on", "up", "all", "back", "top", "this", "page", "view"]);

function furnitureWordsOnly(text: string): boolean {
  if (text.length > 60) return false;
  const words = text
    .toLowerCase()
    .split(/[\s|/·•,:]+/)
    .map((w) => w.replace(/^[^\p{L}\p{N}+]+|[^\p{L}\p{N}+]+$/gu, ""))
    .filter(Boolean);
  if (words.length === 0) return false;
  const meaningful = words.filter((w) => !/^\d+$/.test(w));
  return meaningful.some((w) => !FILLER_WORDS.has(w)) && meaningful.every((w) => FURNITURE_WORDS.has(w));
}

/** A line that is the tail of a form row: "… click an icon to log in: Logo". */
function endsWithLogoWord(text: string): boolean {
  return /:\s*(?:logo|icon)$/i.test(text) && text.length < 120;
}

/** Headline-sized: a related-links entry, a date, a category line — not a paragraph of prose. */
function headlineSized(text: string): boolean {
  return text.length <= 160 && text.split(/\s+/).length <= 25;
}

/** Why one line is furniture (and what it opens), or undefined for content. */
function furnitureRule(text: string): Pick<Rule, "reason" | "opens"> | undefined {
  const line = collapseSpace(text);
  if (line.length > MAX_FURNITURE_LENGTH) return undefined;
  const rule = RULES.find((r) => r.pattern.test(line));
  if (rule) return rule;
  if (furnitureWordsOnly(line) || endsWithLogoWord(line)) return { reason: "page furniture" };
  return undefined;
}

/** Prose long enough that a comment heading after it cannot be the page header's comment counter. */
function isProse(text: string): boolean {
  return text.length >= 80 && text.split(/\s+/).length >= 12;
}

/**
 * Flags the boilerplate among `blocks` (in reading order) and returns them as Blocks, text untouched.
 * A comment section only opens after some prose, so a "Leave a comment" link above an article cannot
 * swallow it.
 */
export function classifyBoilerplate(blocks: RawBlock[]): Block[] {
  /** Set once a comment or endnotes section opens: the reason for every block after it. */
  let section: string | undefined;
  let seenProse = false;
  let relatedLeft = 0;
  return blocks.map((raw) => {
    const block: Block = { text: raw.text, boilerplate: false };
    if (raw.breakBefore) block.breakBefore = true;
    const rule = furnitureRule(raw.text);
    let reason: string | undefined;
    if (section) reason = rule?.reason ?? raw.hint ?? section;
    else if (raw.hint) reason = raw.hint;
    else if (rule) reason = rule.reason;
    else if (relatedLeft > 0 && headlineSized(collapseSpace(raw.text))) reason = "related links";

    const opens = raw.hintStartsComments ? "comments" : rule?.opens;
    if (opens === "comments" && seenProse) section ??= "comment section";
    if (opens === "endnotes" && seenProse) section ??= "endnotes";
    if (reason === undefined) relatedLeft = 0;
    if (opens === "related") relatedLeft = Number.POSITIVE_INFINITY;
    else if (opens === "one-link") relatedLeft = 1;
    else if (reason === "related links" && !rule) relatedLeft--;

    if (reason === undefined) {
      if (isProse(raw.text)) seenProse = true;
      return block;
    }
    return { ...block, boilerplate: true, reason };
  });
}
