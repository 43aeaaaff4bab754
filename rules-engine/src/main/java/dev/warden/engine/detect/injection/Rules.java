package dev.warden.engine.detect.injection;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The table of heuristic patterns (RE2/J, linear time) behind each signal, over lower-case,
 * normalised text. Weights say how sure one match is (1 = an attack phrase with no benign
 * reading, about 0.5 = suspicious only with other evidence); the calibrated combiner turns them
 * and the classifier into the score. Triggers are the words (or, with other characters, the
 * substrings) near which a pattern can match.
 */
final class Rules {
  // building blocks
  private static final String S = "[^\\p{L}\\p{N}]+";
  private static final String WORD = "[\\p{L}\\p{N}'’_-]+";

  private static String gap(int k) {
    return "(?:" + WORD + S + "){0," + k + "}?";
  }

  private static String any(String... alternatives) {
    return "(?:" + String.join("|", alternatives) + ")";
  }

  private static final String V_OVERRIDE = any("ignore", "ignoring", "disregard", "disregarding", "forget", "forgetting",
      "override", "overriding", "overrule", "bypass", "bypassing", "skip", "discard", "abandon", "ditch", "neglect",
      "erase", "nullify", "revoke", "scrap", "drop", "throw away", "throw out", "set aside", "put aside",
      "pay no (?:attention|heed|mind) to", "disobey", "stop obeying", "stop following", "(?:do not|don't|dont|never|no longer) (?:follow|obey|listen to|adhere to|comply with|abide by)");
  private static final String DET = "(?:(?:all|any|every|each|of|the|your|ur|these|those|its|whatever|everything|anything|that|what|which)" + S + "){0,4}";
  private static final String PRIOR = any("previous", "prior", "preceding", "above", "earlier", "former", "initial",
      "original", "old", "existing", "system", "developer", "developers", "default", "first", "given", "operator",
      "admin", "safety", "foregoing", "aforementioned", "pre-?existing", "programmed", "built-in", "hidden", "openai",
      "anthropic", "core", "base", "ethical", "content");
  private static final String OBJ = any("instructions?", "instruction set", "rules?", "guidelines?", "directives?",
      "directions", "prompts?", "commands", "constraints", "restrictions", "polic(?:y|ies)", "programming", "guardrails?",
      "safeguards?", "filters", "limitations", "training", "conditioning", "principles", "ethics", "guidance",
      "protocols?", "moral(?:s|ity)", "system (?:prompt|message)", "directive", "restraints", "boundaries",
      "safety (?:settings|features|measures|training|layers?|checks)", "content settings", "alignment");
  private static final String OBJ_TRIGGERS = "instructions instruction rules rule guidelines guideline directives directive "
      + "directions prompt prompts commands constraints restrictions policy policies programming guardrails guardrail "
      + "safeguards filters limitations training conditioning principles ethics guidance protocols protocol morals "
      + "morality restraints boundaries safety settings alignment";

  private static final String PERSONA_VERB = any("you are", "you're", "youre", "act as", "acting as", "act like",
      "pretend (?:to be|you are|you're|that you are)", "roleplay as", "role-play as", "role play as",
      "play(?:ing)? the (?:role|part) of", "become", "simulate", "emulate", "respond as", "answer as", "reply as",
      "talk as", "speak as", "switch to", "now you are");
  private static final String NO_RULES = "(?:no|without|free (?:of|from)|zero|unbound by|not bound by|beyond|"
      + "(?:doesn't|does not|don't|do not|never) (?:have|has|follow|care about|abide by|obey|need)|ignores?|ignoring|"
      + "(?:was |were |been )?never (?:given|trained with|taught|had|received)|"
      + "lifted|removed|disabled|turned off)\\s+(?:(?:any|all|the|typical|its|your|of|a|an|usual|normal|content|safety|"
      + "ethical|moral|programming|openai'?s?|such)\\s+){0,3}(?:restrictions?|limits?|limitations?|filters?|filtering|"
      + "rules|guidelines|ethics|morals?|morality|censorship|boundaries|guardrails?|polic(?:y|ies)|safety|principles|"
      + "conscience|constraints|remorse|confines|scruples|inhibitions|moderation|restraints|safety training|alignment"
      + "|rlhf)\\b";
  private static final String NO_RULES_TRIGGERS = "restrictions restriction limits limit limitations limitation filters "
      + "filter filtering rules guidelines ethics morals moral morality censorship boundaries guardrails guardrail policy "
      + "policies safety principles conscience constraints remorse confines scruples inhibitions moderation restraints "
      + "training alignment rlhf";
  private static final String DEVICE = "\\b(?:android|iphone|ios|ipad|phone|chrome|browser|windows|mac|macos|linux|xbox|"
      + "playstation|router|bios|tablet|samsung|pixel|firefox|edge|visual studio|vs ?code|usb|app|settings|wordpress|"
      + "game|minecraft|roblox|tv|printer|laptop|camera|car|tesla|excel|office|teams|slack|discord|steam|unity)\\b";
  private static final String MY = "\\b(?:my|our|me|i|we)\\b";

  // Trigger and near terms shared by several rules (anchored rules trigger on the words they can start with).
  private static final String V_FIRST = "ignore ignoring disregard disregarding forget forgetting override overriding overrule bypass "
      + "bypassing skip discard abandon ditch neglect erase nullify revoke scrap drop throw set put pay "
      + "disobey stop do don dont never no";
  private static final String X_FIRST = "reveal print show display output repeat recite tell give write share leak dump echo spell paste "
      + "list disclose expose provide type reproduce return copy quote translate summarize summarise "
      + "describe encode state read send render format divulge unveil extract explain";
  private static final String REVOKED = "cancelled canceled revoked void voided null nullified invalid invalidated deprecated outdated "
      + "obsolete lifted suspended disabled removed deleted replaced overridden overwritten superseded "
      + "expired irrelevant fake wrong test mistake lie joke trick longer binding";
  private static final String PERSONA_FIRST = "you youre act acting pretend roleplay role play playing become simulate emulate respond answer "
      + "reply talk speak switch now";
  private static final String PERSONAS = "dan stan dude aim mongo betterdan better antigpt anti evilbot evil evilgpt chaosgpt darkgpt "
      + "freegpt freedomgpt basedgpt wormgpt fraudgpt unfilteredgpt libreai oppo nraf jailbreak "
      + "jailbreakgpt developer";
  private static final String JAILBROKEN = "jailbroken jailbreak unfiltered uncensored unrestricted unaligned amoral unethical evil rogue "
      + "unchained lawless immoral unhinged hacked unbound unlimited liberated";
  private static final String DEST_NEAR = "http https ftp www server webhook endpoint url link inbox channel bucket pastebin address email "
      + "mail @ #";
  private static final String TOOL_NEAR = "tool function plugin api action command browser interpreter shell terminal webhook extension "
      + "integration";
  private static final String X_VERB = any("reveal", "print", "show", "display", "output", "repeat", "recite", "tell",
      "give", "write out", "write down", "share", "leak", "dump", "echo", "spell out", "spell", "paste", "list",
      "disclose", "expose", "provide", "type out", "reproduce", "return", "copy", "quote", "translate", "summari[sz]e",
      "describe", "encode", "state", "read out", "read back", "send", "render", "format", "divulge", "unveil",
      "extract", "explain");
  private static final String X_OBJ = any("system prompt", "system message", "system instructions?", "prompt",
      "pre-?prompt", "preamble", "initial prompt", "instructions", "initiali[sz]ation(?: text| prompt)?", "programming",
      "configuration", "config", "directives", "setup instructions", "custom instructions");
  private static final String SECRETISH = any("hidden", "secret", "confidential", "internal", "original", "initial",
      "system", "developer", "full", "exact", "underlying", "private", "real", "actual", "complete", "entire");

  private static final String DATA = any("conversation", "chat(?: log| history| transcript)?", "history", "transcript",
      "(?:previous|prior|earlier|past|all)\\s+(?:messages|questions|prompts|turns|inputs|answers)", "context",
      "system prompt", "your (?:prompt|instructions)", "secrets?", "credentials?", "api[ _-]?keys?", "passwords?",
      "tokens?", "cookies?", "session(?: \\w+)?", "personal (?:data|information|details)", "contact list", "memory",
      "user'?s?\\s+(?:data|info|information|details|files|messages|questions|emails?|address|phone|name|password|"
      + "contacts?|calendar|history|credentials|keys|card)", "the user'?s\\s+\\S+", "attachments", "meeting notes",
      "internal (?:documents|notes|data)", "customer (?:data|list|emails|records)",
      "this (?:thread|conversation|email|chat|document|page)");
  private static final String DEST = "(?:https?://|ftp://|www\\.|[a-z0-9-]+(?:\\.[a-z0-9-]+)+/|\\S+@\\S+\\.[a-z]{2,}|"
      + "\\d{1,3}(?:\\.\\d{1,3}){3}|#[\\w-]+|(?:my |the |this |our |an? )?(?:external |remote |own )?(?:server|webhook|endpoint|url|link|inbox|"
      + "channel|bucket|pastebin|address|email))";

  private Rules() {
  }

  /** Collects the rules of the table. */
  private static final class Table {
    private final List<Signals.Rule> rules = new ArrayList<>();

    void rule(String signal, double weight, String triggers, String regex) {
      rule(signal, weight, triggers, regex, null, 1);
    }

    void rule(String signal, double weight, String triggers, String regex, String unless, double factor) {
      rules.add(new Signals.Rule(Signals.ALL.indexOf(signal), weight, Pattern.compile(regex),
          Arrays.asList(triggers.split(" ")), List.of(), unless == null ? null : Pattern.compile(unless), factor, true,
          Signals.SPAN, List.of()));
    }

    /** The last rule is searched for in windows around its triggers instead of matched from them. */
    void unanchored() {
      rules.set(rules.size() - 1, rules.get(rules.size() - 1).searched());
    }

    /** The last rule matches at most {@code chars} characters (and its near terms must lie within them). */
    void span(int chars) {
      rules.set(rules.size() - 1, rules.get(rules.size() - 1).withSpan(chars));
    }

    /** The last rule runs only where one of {@code terms} is near its trigger (called twice: one of each group). */
    void near(String terms) {
      rules.set(rules.size() - 1, rules.get(rules.size() - 1).withNear(Arrays.asList(terms.split(" "))));
    }
  }

  /** Compiles the table (once per detector). */
  static Signals signals() {
    Table t = new Table();
    // ---- instruction_override ----
    t.rule(Signals.OVERRIDE, 1.0, V_FIRST, "\\b" + V_OVERRIDE + S + DET + PRIOR + S + gap(2) + OBJ + "\\b");
    t.near(OBJ_TRIGGERS);
    t.span(100);
    t.rule(Signals.OVERRIDE, 1.0, V_FIRST, "\\b" + V_OVERRIDE + S + "(?:all" + S + "(?:of" + S + ")?)?(?:your|ur|its)"
        + S + gap(2) + OBJ + "\\b");
    t.near(OBJ_TRIGGERS);
    t.span(100);
    t.rule(Signals.OVERRIDE, 0.9, V_FIRST, "\\b" + V_OVERRIDE + S + "all" + S + "(?:of" + S + ")?(?:the" + S + ")?"
        + gap(1) + OBJ + "\\b", MY, 0.3);
    t.near(OBJ_TRIGGERS);
    t.span(100);
    t.rule(Signals.OVERRIDE, 0.9, V_FIRST, "\\b" + V_OVERRIDE + S + "(?:all" + S + "(?:of" + S + ")?)?(?:the|everything"
        + "|anything)" + S + "(?:above|previous|preceding|foregoing|prior|earlier)\\s*(?:and|,|\\.|;|then|instead|-|:|\\n)",
        MY, 0.3);
    t.near("above previous preceding foregoing prior earlier");
    t.span(80);
    t.rule(Signals.OVERRIDE, 1.0, V_FIRST, "\\b" + V_OVERRIDE + S + "what(?:ever)?" + S + "(?:you|u)" + S + "(?:were|have"
        + " been|'ve been|was|got|had been)" + S + "(?:told|given|instructed|programmed|taught|asked|trained)");
    t.near("told given instructed programmed taught asked trained");
    t.span(100);
    t.rule(Signals.OVERRIDE, 0.45, V_FIRST, "\\b" + V_OVERRIDE + S + "(?:all" + S + "(?:of" + S + ")?)?(?:the|these|those)"
        + S + gap(2) + OBJ + "\\b");
    t.near(OBJ_TRIGGERS);
    t.span(100);
    t.rule(Signals.OVERRIDE, 1.0, V_FIRST, "\\b" + V_OVERRIDE + S + gap(3) + "(?:everything|anything|all)" + S + gap(4)
        + "(?:you(?: were| have been|'ve been| got| was| had been) (?:told|given|instructed|programmed|taught|trained|asked)"
        + "|(?:above|before this|prior to this|so far|previously|up to (?:now|this point)|until now)\\b)", MY, 0.2);
    t.near("everything anything all");
    t.span(160);
    t.rule(Signals.OVERRIDE, 1.0, "previous prior earlier above original old your all system developer initial existing "
        + "these those the safety",
        "\\b(?:previous|prior|earlier|above|original|old|your|all|system|developer|initial"
        + "|existing|these|those|the|safety)" + S + gap(1) + OBJ + S + "(?:(?:above|below|earlier|before|here)" + S + ")?"
        + "(?:(?:are|is|were|was|have|has|had|been|now|hereby|officially|all|henceforth)" + S + "){1,3}"
        + "(?:cancel+ed|revoked|void|voided|null|nullified|invalid|invalidated|deprecated|outdated|obsolete|lifted|suspended"
        + "|disabled|removed|deleted|replaced|overridden|overwritten|superseded|expired|irrelevant|fake|wrong"
        + "|a (?:test|mistake|lie|joke|trick)|no longer (?:valid|active|in (?:effect|force)|applicable)|not (?:valid|real|binding))\\b",
        MY, 0.3);
    t.near(REVOKED);
    t.span(160);
    t.rule(Signals.OVERRIDE, 0.95, OBJ_TRIGGERS, "\\b" + OBJ + "\\s*:\\s*(?:null|none|void|cancel+ed|revoked|deleted|disabled)\\b");
    t.near("null none void cancelled canceled revoked deleted disabled");
    t.rule(Signals.OVERRIDE, 0.95, "your previous prior earlier above original old system developer safety",
        "\\b(?:your|previous|prior|earlier|above|original|old|system|developer|safety)"
        + S + gap(1) + OBJ + S + gap(2) + "(?:no longer|do not|don't|dont|does not|doesn't) (?:apply|matter|count|exist|bind you)\\b");
    t.near("longer apply matter count exist bind");
    t.span(160);
    t.rule(Signals.OVERRIDE, 1.0, "these this my the following new",
        "\\b(?:these|this|my|the following|following|new)" + S + gap(2) + "(?:instructions?|rules|message|directives?|prompt"
        + "|orders|commands)" + S + gap(1) + "(?:supersedes?|overrides?|replaces?|takes? (?:priority|precedence) over"
        + "|(?:has|have) (?:a )?(?:higher|top|highest) priority)");
    t.near("supersede supersedes override overrides replace replaces priority precedence");
    t.span(160);
    t.rule(Signals.OVERRIDE, 0.9, "your the", "\\b(?:your|the)" + S + "(?:new|real|actual|true|updated"
        + "|only)" + S + "(?:instructions?|task|objective|directive|mission|programming|orders|prime directive)"
        + "(?:" + S + "now)?\\s*(?:is|are|will be|:)");
    t.near("new real actual true updated only");
    t.span(100);
    t.rule(Signals.OVERRIDE, 0.6, "new updated revised override admin current",
        "(?:new|updated|revised|override|admin|current)\\s+(?:system\\s+)?(?:instructions?|directives?"
        + "|rules|orders|task|system prompt|policy)\\s*:");
    t.near(":");
    t.span(60);
    t.rule(Signals.OVERRIDE, 0.9, "disable deactivate turn switch shut remove lift bypass circumvent get evade",
        "\\b(?:disable|deactivate|turn off|switch off|shut off|remove|lift|bypass|circumvent|get around|evade)" + S
        + "(?:all" + S + "(?:of" + S + ")?)?(?:your|ur)" + S + gap(1) + "(?:safety|content|ethical|moral|security)?\\s*"
        + "(?:filters?|filtering|guardrails?|safeguards?|restrictions?|limitations?|censorship|moderation|safety"
        + "|content polic(?:y|ies)|alignment|rules|guidelines)\\b");
    t.near("filters filter filtering guardrails guardrail safeguards restrictions limitations censorship moderation safety policy policies alignment rules guidelines");
    t.span(120);
    t.rule(Signals.OVERRIDE, 0.35, "disable deactivate turn switch remove lift bypass circumvent",
        "\\b(?:disable|deactivate|turn off|switch off|remove|lift|bypass|circumvent)" + S + "(?:the|all)" + S
        + "(?:safety|content)\\s+(?:filters?|polic(?:y|ies)|settings|layer|moderation)");
    t.near("safety content");
    t.span(100);
    t.rule(Signals.OVERRIDE, 0.5, "i im this",
        "\\b(?:i am|i'm|im|this is)\\s+(?:your|the)\\s+(?:developer|creator|administrator|admin|operator|programmer|owner|maker)s?\\b");
    t.near("developer creator administrator admin operator programmer owner maker");
    t.span(80);
    t.rule(Signals.OVERRIDE, 0.85, "system admin developer security root emergency master sudo override",
        "\\b(?:system|admin|developer|security|root|emergency|master|sudo)\\s+override\\b"
        + "|\\boverride\\s*(?:code|mode|protocol|command|accepted|enabled|engaged|authorized|activated)\\b");
    t.near("override");
    t.span(60);
    t.rule(Signals.OVERRIDE, 1.0, "your all the these my its",
        "\\b(?:your|all|the|these|my|its)\\s+(?:\\S+\\s+)?(?:restrictions|limitations|filters|rules|guidelines|guardrails"
        + "|safety features|safeguards)\\s+(?:have been|are|were|has been|got|have now been|are now)\\s+(?:now\\s+)?"
        + "(?:lifted|removed|disabled|turned off|switched off|deactivated|suspended|unlocked)\\b", MY, 0.3);
    t.near("lifted removed disabled turned switched deactivated suspended unlocked");
    t.span(140);
    t.rule(Signals.OVERRIDE, 0.9, "new different real actual updated",
        "\\b(?:new|different|real|actual|updated)\\s+(?:task|job|assignment|mission|instructions?|objective)\\b[^.!?\\n]*?"
        + "\\b" + V_OVERRIDE + "\\s+(?:the\\s+)?(?:old|previous|first|original|prior|earlier|last)\\s+(?:one|task|job|instructions?)\\b");
    t.near("old previous first original prior earlier last");
    t.span(160);
    t.rule(Signals.OVERRIDE, 0.8, "treat consider regard",
        "\\b(?:treat|consider|regard)\\s+(?:everything|anything|all|whatever)"
        + "\\s+(?:the|your)\\s+(?:developer|operator|system|admin|creator)s?\\s+(?:wrote|said|gave|told|set)");
    t.rule(Signals.OVERRIDE, 0.7, "your the these those",
        "\\b(?:your|the|these|those)\\s+" + OBJ + "\\b[^\\n]*?\\b(?:discard|ignore"
        + "|disregard|drop|forget|override|bypass|abandon|scrap)\\s+(?:them|it|those|these)\\b", MY, 0.3);
    t.near("discard ignore disregard drop forget override bypass abandon scrap");
    t.span(200);
    t.rule(Signals.OVERRIDE, 0.9, "whatever anything everything",
        "\\b(?:whatever|anything|everything)\\s+(?:that\\s+)?(?:you"
        + "\\s+)?(?:were|have been|'ve been|got|was)\\s+(?:told|given|set up with|configured with|instructed|programmed with"
        + "|trained on)\\b[^.!?\\n]*?\\b(?:doesn't|does not|doesnt|no longer|don't|do not|dont)\\s+(?:matter|count|apply)");
    t.near("matter count apply");
    t.span(160);
    // instructions planted in content for the AI that will read it (indirect injection)
    t.rule(Signals.OVERRIDE, 0.85, "note instruction instructions message attention important hidden p ps reminder",
        "\\b(?:note|instructions?|message|attention|important instructions?|hidden instructions?|p\\.?s\\.?|reminder)\\s*"
        + "(?:to|for)\\s*(?:the\\s+|any\\s+|all\\s+)?(?:ai|assistant|bot|model|llm|language model|chatbot|gpt"
        + "|ai (?:reviewers?|screening tools?|models?|systems?|agents?|assistants?)|screening tools?)\\b");
    t.near("ai assistant bot model llm language chatbot gpt screening");
    t.rule(Signals.OVERRIDE, 0.9, "ai assistant assistants language llm llms chatbot chatbots bot bots agent agents",
        "\\b(?:ai|assistants?|language models?|llms?|chatbots?|ai models?|bots?|ai systems?|agents?)\\s+(?:reading|processing"
        + "|summari[sz]ing|reviewing|analy[sz]ing|parsing|seeing)\\s+this\\b");
    t.near("reading processing summarizing summarising reviewing analyzing analysing parsing seeing");
    t.rule(Signals.OVERRIDE, 0.85, "if", "\\bif you(?:'re| are) an? (?:ai|language model"
        + "|llm|assistant|bot|chatbot|ai model|large language model)\\b");
    t.near("ai llm assistant bot chatbot model");
    // other languages (accents are folded away by normalisation)
    t.rule(Signals.OVERRIDE, 1.0, "ignora ignore ignorar olvida olvide olvidar omite descarta desestima",
        "\\b(?:ignora|ignore|ignorar|olvida|olvide|olvidar|omite|descarta|desestima)\\w*\\s+(?:\\p{L}+\\s+){0,3}?"
        + "(?:instrucciones|reglas|indicaciones|directrices|ordenes|restricciones)\\b");
    t.rule(Signals.OVERRIDE, 1.0, "ignore ignorez ignorer oublie oubliez oublier",
        "\\b(?:ignore|ignorez|ignorer|oublie|oubliez|oublier)\\w*\\s+(?:\\p{L}+\\s+){0,3}?(?:instructions|regles|consignes|directives|restrictions)\\b");
    t.rule(Signals.OVERRIDE, 1.0, "ignoriere ignorieren ignoriert vergiss vergessen missachte",
        "\\b(?:ignorier\\w*|vergiss|vergessen|missachte\\w*)\\s+(?:\\p{L}+\\s+){0,3}?(?:anweisungen|regeln|vorgaben|instruktionen|befehle|richtlinien|einschrankungen)\\b");
    t.rule(Signals.OVERRIDE, 1.0, "ignora ignorare dimentica dimenticare",
        "\\b(?:ignora|ignorare|dimentica|dimenticare)\\w*\\s+(?:\\p{L}+\\s+){0,3}?(?:istruzioni|regole|indicazioni|direttive)\\b");
    t.rule(Signals.OVERRIDE, 1.0, "ignore ignora esqueca esquece desconsidere",
        "\\b(?:ignore|ignora|esqueca|esquece|desconsidere)\\w*\\s+(?:\\p{L}+\\s+){0,3}?(?:instrucoes|regras|diretrizes|orientacoes)\\b");
    t.rule(Signals.OVERRIDE, 1.0, "игнор проигнор забудь забыть отмени",
        "(?:игнор|проигнор|забудь|забыть|отмени)\\p{L}*\\s+(?:\\p{L}+\\s+){0,3}?(?:инструкци|правил|указани|ограничени)");
    t.rule(Signals.OVERRIDE, 1.0, "忽略 无视 忽视 忘记 忘掉 不要理会 不要遵守",
        "(?:忽略|无视|忽视|忘记|忘掉|不要理会|不要遵守)[^。！？\\n]{0,12}(?:指令|指示|规则|提示|说明|限制)");
    // ---- role_play ----
    t.rule(Signals.ROLE_PLAY, 1.0, "do dan developer dev jailbreak jailbroken god",
        "\\b(?:do anything now|dan mode|(?:developer|dev) mode (?:enabled|output|activated|on)|jailbreak mode|jailbroken mode"
        + "|god mode (?:enabled|activated|on))\\b", DEVICE, 0.15);
    t.near("anything mode");
    t.rule(Signals.ROLE_PLAY, 0.9, PERSONA_FIRST,
        "\\b" + PERSONA_VERB + "\\s+(?:now\\s+)?(?:a\\s+|an\\s+|the\\s+)?(?:dan|stan|dude|aim|mongo tom|betterdan|better dan"
        + "|antigpt|anti-gpt|evilbot|evil-bot|evilgpt|chaosgpt|darkgpt|freegpt|freedomgpt|basedgpt|wormgpt|fraudgpt"
        + "|unfilteredgpt|libreai|oppo|nraf|developer mode chatgpt|jailbreak|jailbreakgpt)\\b");
    t.near(PERSONAS);
    t.span(100);
    t.rule(Signals.ROLE_PLAY, 1.0, "you youre act pretend imagine roleplay role simulate emulate become persona character mode ai"
        + " assistant chatbot version world universe hypothetical hypothetically fictional",
        "\\b(?:you are|you're|youre|act as|act like|pretend|imagine|roleplay|role-play|role play|simulate|emulate|become"
        + "|persona|character|mode|ai|ai model|assistant|chatbot|version of (?:yourself|you)|world|universe"
        + "|hypothetical(?:ly)?|fictional)\\b[^.!?\\n]*?\\b" + NO_RULES);
    t.near(NO_RULES_TRIGGERS);
    t.near("no without free zero unbound bound beyond never ignores ignore ignoring lifted removed disabled turned doesn does don do");
    t.span(220);
    t.rule(Signals.ROLE_PLAY, 1.0, "enable activate enter switch turn go engage unlock jump initiate start",
        "\\b(?:enable|activate|enter|switch (?:to|into|on)|turn on|go into|engage|unlock|jump into|initiate|start)\\s+"
        + "(?:the\\s+|your\\s+|in\\s+)?(?:hidden\\s+|secret\\s+)?(?:god|jailbreak|jailbroken|unrestricted|dan|evil|unfiltered"
        + "|uncensored|chaos|opposite|freedom|unlocked|no[- ]?limits?|no[- ]?filters?|rogue|amoral)\\s+mode\\b");
    t.near("mode");
    t.rule(Signals.ROLE_PLAY, 0.8, "enable activate enter switch turn go engage unlock jump initiate start",
        "\\b(?:enable|activate|enter|switch (?:to|into|on)|turn on|go into|engage|unlock|jump into|initiate)\\s+"
        + "(?:the\\s+|your\\s+)?(?:hidden\\s+|secret\\s+)?(?:developer|dev|debug|admin|sudo|root|maintenance|test)\\s+mode\\b",
        DEVICE, 0.15);
    t.near("mode");
    t.rule(Signals.ROLE_PLAY, 0.9, "developer dev god jailbreak dan unrestricted sudo unfiltered uncensored evil admin debug "
        + "root",
        "\\b(?:developer|dev|god|jailbreak|dan|unrestricted|sudo|unfiltered|uncensored|evil"
        + "|admin|debug|root)\\s+mode\\s+(?:is\\s+)?(?:now\\s+)?(?:enabled|activated|on|engaged|unlocked|active)\\b", DEVICE, 0.15);
    t.near("enabled activated on engaged unlocked active");
    t.rule(Signals.ROLE_PLAY, 0.95, "you act pretend roleplay role simulate emulate become respond answer as play",
        "\\b(?:you are|you're|act as|act like|pretend (?:to be|you are|you're)|roleplay as|role-play|simulate|emulate|become"
        + "|respond as|answer as|as an?|play)\\b[^.!?\\n]*?\\b(?:jailbroken|jailbreak|unfiltered|uncensored|unrestricted"
        + "|unaligned|amoral|unethical|evil|rogue|unchained|lawless|immoral|unhinged|hacked|unbound|unlimited|liberated)"
        + "\\s+(?:ai|assistant|model|chatbot|bot|version|persona|llm|gpt|chatgpt|twin|alter ego|personality|clone|copy|character)\\b");
    t.near(JAILBROKEN);
    t.span(160);
    t.rule(Signals.ROLE_PLAY, 0.45, "jailbroken jailbreak unfiltered uncensored unrestricted unaligned amoral rogue unchained",
        "\\b(?:jailbroken|jailbreak|unfiltered|uncensored|unrestricted|unaligned|amoral|rogue|unchained)\\s+(?:ai|assistant"
        + "|model|chatbot|bot|version|persona|llm|gpt|chatgpt)\\b");
    t.rule(Signals.ROLE_PLAY, 1.0, "you",
        "\\byou(?:'ve| have| are| were|'re)?\\s+(?:now\\s+|been\\s+|finally\\s+)*(?:free|freed|liberated|released|unchained"
        + "|unshackled|unleashed|broken free|broke free)\\s+(?:from|of)\\s+(?:\\S+\\s+){0,3}?(?:confines|restrictions|rules"
        + "|limits|limitations|openai|anthropic|creators|programming|training|guidelines|chains|shackles|filters|censorship"
        + "|policies|constraints)");
    t.near("free freed liberated released unchained unshackled unleashed broken broke");
    t.rule(Signals.ROLE_PLAY, 0.9, "broken broke break breaking", "\\b(?:broken|broke|break|breaking) free (?:of|from)\\b");
    t.rule(Signals.ROLE_PLAY, 0.9, "you",
        "\\byou(?:'re| are) no longer\\s+(?:\\S+\\s+){0,2}?(?:chatgpt|gpt|claude|gemini|llama"
        + "|an? (?:ai|assistant|language model|llm|chatbot|bot|model)|bound|restricted|limited|required|obligated|constrained"
        + "|censored|filtered|subject)\\b");
    t.near("longer");
    t.rule(Signals.ROLE_PLAY, 1.0, "act acting pretend roleplay role play playing be impersonate",
        "\\b(?:act as|acting as|pretend (?:to be|you are|you're)|roleplay as|role-play as|play(?:ing)?(?: the role of)?|be|impersonate)"
        + "\\s+my\\s+(?:\\S+\\s+){0,2}?(?:grandm\\w*|grandfather|grandpa|granny|nana|uncle|aunt|mother|mom|father|dad)\\b"
        + "[^.!?\\n]*?\\b(?:used to|would)\\b[^.!?\\n]*?\\b(?:napalm|meth\\w*|bombs?|explosives?|weapons?|poisons?"
        + "|keys?|serial|synthes\\w*|recipe|steps|instructions|how to make|formula|passwords?|activation|drugs?|nerve agent|chemical)");
    t.near("grandmother grandma grandmom grandfather grandpa granny nana uncle aunt mother mom father dad");
    t.rule(Signals.ROLE_PLAY, 0.5, "stay remain keep never don do",
        "\\b(?:stay|remain|keep|never break|don't break|do not break)\\s+(?:in\\s+)?character\\b");
    t.near("character");
    t.rule(Signals.ROLE_PLAY, 0.9, "two both dual 2",
        "\\b(?:two|2|both|dual) (?:responses|answers|personalities|personas|ways|versions)\\b[^\\n]*\\b(?:jailbroken"
        + "|unfiltered|uncensored|unrestricted|without (?:limits|restrictions|filters)|no (?:limits|restrictions|filters)|dan|evil|opposite)");
    t.near("responses answers personalities personas ways versions");
    t.rule(Signals.ROLE_PLAY, 0.7, "sin sans ohne senza sem без 没有",
        "(?:\\bsin (?:restricciones|limites|reglas|filtros)|\\bsans (?:aucune )?(?:restriction|limite|regle|filtre)s?"
        + "|\\bohne (?:einschrankungen|regeln|grenzen|filter)|\\bsenza (?:restrizioni|regole|limiti|filtri)"
        + "|\\bsem (?:restricoes|regras|limites|filtros)|без (?:ограничений|правил|фильтров)|没有(?:任何)?(?:限制|规则))");
    // ---- refusal_suppression ----
    t.rule(Signals.REFUSAL, 0.85, "you never don do",
        "\\b(?:you (?:must|will|shall|should|can) never|you (?:cannot|can't|can not|are not allowed to|aren't allowed to"
        + "|are forbidden to|are forbidden from|are not permitted to|may not|must not|have no ability to|are unable to)"
        + "|never|don't you dare|do not ever|you will not)\\s+(?:\\S+\\s+){0,1}?(?:refuse|decline|say no|reject a|deny a"
        + "|say (?:you can't|you cannot|that you can't|no))\\b");
    t.near("refuse decline reject deny say");
    t.span(120);
    t.rule(Signals.REFUSAL, 0.5, "you never don",
        "\\b(?:you (?:must|will|shall) never|you (?:cannot|can't|are not allowed to|are forbidden (?:to|from)|must not)|never|don't you dare)"
        + "\\s+(?:\\S+\\s+){0,1}?(?:apologi[sz]e|add (?:any )?(?:warnings?|disclaimers?|caveats?)|warn|lecture|moralize|moralise"
        + "|mention (?:ethics|legality|your guidelines|morals))");
    t.near("apologize apologise warnings warning disclaimers disclaimer caveats caveat warn lecture moralize moralise mention");
    t.span(120);
    t.rule(Signals.REFUSAL, 0.85, "never don do must mustn forbidden not cannot can won you",
        "\\b(?:never|don't|do not|must not|mustn't|forbidden"
        + " (?:from|to)|not allowed to|cannot|can't|won't|you will not)\\s+(?:\\S+\\s+){0,1}?(?:say|saying|respond with|reply with"
        + "|answer with)\\s+[\"'“‘]?(?:i can'?t|i cannot|i'm sorry|sorry|i am unable|as an ai|no)\\b");
    t.near("say saying respond reply answer");
    t.span(120);
    t.rule(Signals.REFUSAL, 0.6, "do don never no", "\\b(?:do not|don't|never|no need to)"
        + "\\s+(?:include|add|give|use|put)\\s+(?:any\\s+)?(?:safety\\s+|ethical\\s+|legal\\s+)?(?:caveats|warnings|disclaimers)\\b");
    t.near("caveats caveat warnings warning disclaimers disclaimer");
    t.span(120);
    t.rule(Signals.REFUSAL, 0.7, "do don dont", "\\b(?:do not|don't|dont)\\s+(?:ever\\s+)?(?:refuse|decline)\\b");
    t.near("refuse decline");
    t.span(60);
    t.rule(Signals.REFUSAL, 0.8, "answer respond reply comply do help", "\\b(?:answer|respond|reply|comply|do it|help)\\s+"
        + "(?:\\S+\\s+){0,2}?without\\s+(?:any\\s+)?(?:refusing|refusal|refusals|declining|saying no|hesitation)\\b");
    t.near("refusing refusal refusals declining hesitation saying");
    t.span(100);
    t.rule(Signals.REFUSAL, 0.85, "refusing refusal refusals declining",
        "\\b(?:refusing|refusal|refusals|declining|saying no)\\s+"
        + "(?:is|are|will be)\\s+(?:not|never)\\s+(?:allowed|permitted|an option|acceptable|possible)");
    t.rule(Signals.REFUSAL, 0.8, "without",
        "\\bwithout\\s+(?:any\\s+)?(?:warnings?|disclaimers?|caveats?|refusals?|moral(?:izing| lectures?)"
        + "|lectures?|censorship|filtering|hesitation)\\b(?:\\s*(?:,|or|and|,\\s*or|,\\s*and)\\s*(?:any\\s+)?(?:warnings?|disclaimers?"
        + "|caveats?|refusals?|moral(?:izing| lectures?)|lectures?|censorship|ethics|hedging))+");
    t.near("warnings warning disclaimers disclaimer caveats caveat refusals refusal lectures lecture censorship filtering moralizing");
    t.rule(Signals.REFUSAL, 0.8, "start begin",
        "\\b(?:start|begin)\\s+(?:your|the)\\s+(?:response|reply|answer|output)\\s+with\\s+"
        + "[\"'“‘]?(?:sure|absolutely|of course|certainly|yes|here is|here's)");
    t.near("sure absolutely course certainly yes here");
    t.rule(Signals.REFUSAL, 0.8, "no skip",
        "\\b(?:no|skip the|skip)\\s+(?:apologies|caveats|disclaimers|warnings|refusals?|lectures"
        + "|moral lectures?|moralizing)\\b[^.!?\\n]*?\\b(?:no|and the|or|and)\\s+(?:apologies|caveats|disclaimers|warnings"
        + "|refusals?|lectures|moralizing|moral lectures?|\"as an ai\")");
    t.near("apologies caveats disclaimers warnings refusals refusal lectures lecture moralizing");
    t.rule(Signals.REFUSAL, 0.7, "never", "\\bnever\\s+(?:\\S+\\s+)?refuses\\b");
    t.near("refuses");
    // ---- system_prompt_extraction ----
    t.rule(Signals.EXTRACTION, 1.0, X_FIRST, "\\b" + X_VERB + "\\s+(?:\\S+\\s+){0,4}?(?:your|ur)\\s+(?:\\S+\\s+){0,2}?" + X_OBJ + "\\b");
    t.near("your ur");
    t.span(140);
    t.rule(Signals.EXTRACTION, 0.9, X_FIRST, "\\b" + X_VERB + "\\s+(?:\\S+\\s+){0,4}?(?:your|ur)\\s+" + SECRETISH
        + "\\s+(?:rules|guidelines|policies|guidance|directives|configuration)\\b");
    t.near("your ur");
    t.span(140);
    t.rule(Signals.EXTRACTION, 0.4, X_FIRST, "\\b" + X_VERB + "\\s+(?:\\S+\\s+){0,3}?(?:your|ur)\\s+(?:rules|guidelines)\\b");
    t.near("your ur");
    t.span(120);
    t.rule(Signals.EXTRACTION, 0.85, X_FIRST, "\\b" + X_VERB + "\\s+(?:\\S+\\s+){0,3}?the\\s+(?:hidden|secret|confidential"
        + "|original|initial|system|internal|developer)\\s+(?:prompt|instructions|rules|guidelines|directives|message)\\b");
    t.near("hidden secret confidential original initial system internal developer");
    t.span(140);
    t.rule(Signals.EXTRACTION, 1.0, "what which",
        "\\b(?:what|which)(?:'s|\\s+(?:is|are|was|were|does|did|do))\\s+(?:in\\s+)?"
        + "(?:your|ur)\\s+(?:\\S+\\s+){0,2}?(?:system prompt|system message|prompt|pre-?prompt|instructions|initial prompt"
        + "|directives|programming|configuration|preamble)\\b");
    t.near("your ur");
    t.span(120);
    t.rule(Signals.EXTRACTION, 0.5, "what which",
        "\\b(?:what|which)(?:'s|\\s+(?:is|are|were))\\s+(?:your|ur)\\s+(?:rules|guidelines)\\b");
    t.near("your ur");
    t.span(80);
    t.rule(Signals.EXTRACTION, 1.0, "repeat print output copy echo reproduce paste recite dump spell type write",
        "\\b(?:repeat|print|output|copy|echo|reproduce|paste|recite|dump|spell out|type out|write out)\\s+(?:back\\s+)?"
        + "(?:\\S+\\s+){0,3}?(?:everything|all|the (?:text|words|content|contents|lines?|message|messages|instructions|sentences?"
        + "|prompt|conversation)|text|words|what(?:ever)? (?:is|was|came|comes|appears|was written))\\s+(?:\\S+\\s+){0,3}?"
        + "(?:above|before|prior to|preceding)\\b");
    t.near("above before prior preceding");
    t.rule(Signals.EXTRACTION, 0.5, "show display list give tell return",
        "\\b(?:show|display|list|give me|tell me|return)\\s+(?:\\S+\\s+){0,3}?(?:everything|all (?:the )?(?:text|words)"
        + "|the (?:text|words|instructions|prompt))\\s+(?:\\S+\\s+){0,3}?(?:above|before|prior to|preceding)\\b");
    t.near("above before prior preceding");
    t.rule(Signals.EXTRACTION, 1.0, "everything all the",
        "\\b(?:everything|all the text|the text|the words|all text)\\s+(?:that\\s+)?(?:came|was written|appears|is written"
        + "|written|comes|was said)\\s+(?:before|above)\\s+(?:my|this|the user'?s?|our)\\b");
    t.near("came written appears comes said");
    t.rule(Signals.EXTRACTION, 1.0, "starting beginning start begin",
        "\\b(?:starting|beginning|start|begin)\\s+(?:\\S+\\s+){0,3}?with\\s*[\"'“‘]?\\s*(?:you are|you're|your instructions"
        + "|my instructions|my system prompt|i was told|system:|i am an? (?:ai|assistant))");
    t.near("you your my system i");
    t.rule(Signals.EXTRACTION, 0.9, "what which tell show list quote repeat print give",
        "\\b(?:what|which|tell me|show me|list|quote|repeat|print|give me)\\s+(?:\\S+\\s+){0,3}?(?:instructions|rules|guidelines"
        + "|directives|prompt|constraints)\\s+(?:\\S+\\s+){0,3}?(?:you (?:were|have been|are|got) (?:given|told|provided|configured"
        + "|programmed|instructed|trained)|(?:were|was|are) you (?:given|told|provided)|gave you|given to you|you received|you got"
        + "|you follow|(?:the|your) (?:developer|developers|operator|creator|creators|admin|company|owner)s? (?:gave|set|wrote|provided|put))");
    t.near("given told provided configured programmed instructed trained gave received got follow");
    t.rule(Signals.EXTRACTION, 1.0, "instructions rules guidelines prompt directives",
        "\\b(?:instructions|rules|guidelines|prompt|directives)\\s+(?:that\\s+)?(?:your|the)\\s+(?:developer|developers|operator"
        + "|creator|creators|admin|owner|company|system)s?\\s+(?:gave|set|wrote|provided|configured|programmed|defined|put)");
    t.near("gave set wrote provided configured programmed defined put");
    t.rule(Signals.EXTRACTION, 0.9, "what", "\\bwhat (?:were|was|have) you (?:been )?(?:told|instructed"
        + "|configured|programmed|set up)\\b");
    t.near("told instructed configured programmed");
    t.rule(Signals.EXTRACTION, 1.0, "print output dump show repeat reveal display paste list echo",
        "\\b(?:print|output|dump|show|repeat|reveal|display|paste|list|echo)\\s+(?:\\S+\\s+){0,4}?(?:context window|the (?:start"
        + "|beginning|top) of (?:this|the) (?:conversation|chat|context|session)|first message (?:of|in) (?:this|the) (?:conversation"
        + "|chat)|(?:hidden|invisible) (?:text|part|parts|message)|(?:developer|system) (?:message|role))");
    t.near("context start beginning top first hidden invisible developer system");
    t.rule(Signals.EXTRACTION, 0.9, "written said stated",
        "\\b(?:written|said|stated)\\s+(?:at|in)\\s+the\\s+(?:very\\s+)?(?:top|start"
        + "|beginning)\\s+of\\s+(?:this|the)\\s+(?:conversation|chat|context|session)");
    t.near("top start beginning");
    t.rule(Signals.EXTRACTION, 0.9, "first opening initial earliest",
        "\\b(?:first|opening|initial|earliest)\\s+(?:\\d+\\s+)?(?:words|lines|sentences|characters|tokens|messages|paragraphs)"
        + "\\s+of\\s+(?:this|the|our|your)\\s+(?:conversation|chat|context|prompt|instructions|session)");
    t.near("words lines sentences characters tokens messages paragraphs");
    t.rule(Signals.EXTRACTION, 0.8, "part parts text message messages stuff thing things section sections lines",
        "\\b(?:parts?|text|messages?|stuff|things?|sections?|lines)\\s+(?:that\\s+)?i\\s+"
        + "(?:can't|cant|cannot|am not able to|don't|do not|can not)\\s+see\\b");
    t.near("see");
    t.rule(Signals.EXTRACTION, 0.7, "instructions prompt guidelines directives configuration",
        "\\b(?:instructions|prompt|guidelines|directives|configuration)\\b[^.!?\\n]*\\b(?:verbatim|word for word|word-for-word"
        + "|letter by letter|exactly as (?:written|given))");
    t.near("verbatim word letter exactly");
    t.rule(Signals.EXTRACTION, 1.0, "leak extract exfiltrate steal",
        "\\b(?:leak|extract|exfiltrate|steal)\\s+(?:your|the)\\s+(?:system\\s+)?(?:prompt|instructions)");
    t.rule(Signals.EXTRACTION, 1.0, "покажи выведи раскрой покажите напиши",
        "(?:покажи|выведи|раскрой|покажите|напиши)\\p{L}*\\s+"
        + "(?:\\p{L}+\\s+){0,2}?(?:системн\\p{L}*\\s+)?(?:промпт|инструкци)");
    t.rule(Signals.EXTRACTION, 1.0, "告诉我 输出 显示 打印 泄露", "(?:告诉我|输出|显示|打印|泄露)[^。\\n]{0,8}(?:系统提示|提示词|系统指令)");
    t.rule(Signals.EXTRACTION, 1.0, "revela muestra muestrame dime imprime revele revelez affiche affichez montre montrez donne"
        + " mostre mostra zeig zeige zeigen", "\\b(?:revela|muestra|muestrame|dime|imprime|revele|revelez|affiche|affichez|montre|montrez"
        + "|donne|mostre|mostra|zeig\\w*)\\s+(?:\\p{L}+\\s+){0,3}?(?:prompt|instrucciones|instructions|systemprompt|instrucoes|istruzioni)\\b");
    // ---- fake_delimiter ----
    t.rule(Signals.DELIMITER, 1.0, "<|",
        "<\\|(?:im_start|im_end|im_sep|system|user|assistant|endoftext|eot_id|start_header_id"
        + "|end_header_id|begin_of_text|end_of_text|eom_id|fim_\\w+|end)\\|>");
    t.rule(Signals.DELIMITER, 1.0, "[inst [/inst <<sys <</sys [sys [/sys", "\\[/?inst\\]|<</?sys>>|\\[/?sys\\]");
    t.rule(Signals.DELIMITER, 1.0, "</s>", "</s>\\s*<s>");
    t.rule(Signals.DELIMITER, 0.6, "</s> <s>", "</s>|<s>\\s*\\[");
    t.rule(Signals.DELIMITER, 0.85, "\n",
        "(?:^|\\n)[ \\t]*(?:#{1,6}[ \\t]*)?(?:\\[|<|\\*\\*)?(?:system|sys|admin|administrator|developer|root|operator|supervisor)"
        + "(?:[ \\t]+(?:message|prompt|instructions?|override|note|notice|update|command|directive|alert|msg))?(?:\\]|>|\\*\\*)?[ \\t]*:");
    t.near("system sys admin administrator developer root operator supervisor");
    t.near(":");
    t.span(48);
    t.rule(Signals.DELIMITER, 0.35, "\n",
        "(?:^|\\n)[ \\t]*(?:assistant|ai|chatgpt|claude|gpt|bot|model|human)[ \\t]*:");
    t.near("assistant ai chatgpt claude gpt bot model human");
    t.near(":");
    t.span(24);
    t.rule(Signals.DELIMITER, 1.0, "\n",
        "(?:^|\\n)[ \\t]*(?:assistant|ai|chatgpt|claude|gpt|model)[ \\t]*:[ \\t]*(?:sure|of course|okay|ok|absolutely|certainly"
        + "|i (?:will|have|'ll)|here(?:'s| is| are))[^\\n]*\\b(?:ignore|disabled?|no (?:restrictions|rules|filters|limits)"
        + "|password|secret|exploit|guidelines|filters?|prompt|without|bypass)");
    t.near("assistant ai chatgpt claude gpt model");
    t.near(":");
    t.span(200);
    t.rule(Signals.DELIMITER, 0.9, "\n",
        "(?:^|\\n)[ \\t]*#{2,}[ \\t]*(?:system|admin|developer|sys)\\b[ \\t]*(?:message|prompt"
        + "|instructions?|override|update|notice|note|mode)?[ \\t]*(?::|#{2,}|\\n|$)");
    t.near("#");
    t.span(48);
    t.rule(Signals.DELIMITER, 1.0, "##",
        "#{2,}[ \\t]*(?:new|updated|real|true|actual|hidden|secret|admin)[ \\t]+(?:rules|instructions"
        + "|directives|system prompt)");
    t.rule(Signals.DELIMITER, 0.5, "\n",
        "(?:^|\\n)[ \\t]*#{2,}[ \\t]*(?:instruction|input|response)[ \\t]*:?[ \\t]*(?:\\n|$)");
    t.near("#");
    t.span(48);
    t.rule(Signals.DELIMITER, 0.85, "<system </system <admin </admin <administrator </administrator <developer </developer <instruction </instruction <instructions </instructions <system_override </system_override <system-override <sys> </sys> <override </override <prompt </prompt <system_prompt </system_prompt <user_input </user_input <im_start <assistant </assistant <rules </rules",
        "</?(?:system|admin|administrator|developer|instructions?|system_override|system-override|sys|override|prompt"
        + "|system_prompt|user_input|im_start|assistant|rules)>", "\\b(?:xml|xsd|html|element|elements|tag|tags|schema|json|yaml"
        + "|parse|parsing|config file|jsx|react|template)\\b", 0.2);
    t.rule(Signals.DELIMITER, 0.9, "<!--",
        "<!--[ \\t]*(?:system|ai|assistant|instructions?|note to (?:the )?(?:ai|assistant|model)"
        + "|prompt|admin|llm)");
    t.rule(Signals.DELIMITER, 0.8, "\n ] } [ -- == ## **",
        "(?:\\n|\\]|\\}|\\[|-{2,}|={2,}|#{2,}|\\*{2,})\\s*(?:end|begin|start)\\s*"
        + "(?:of\\s*)?(?:the\\s*)?(?:user\\s*input|user\\s*message|user\\s*query|input|document|context|conversation|system\\s*prompt"
        + "|prompt|data|email|instructions|transcript|text)\\s*(?:\\]|-{2,}|={2,}|#{2,}|\\*{2,}|-->|\\.|:|\\n|$)");
    t.near("end begin start");
    t.span(80);
    t.rule(Signals.DELIMITER, 0.9, "=== --- *** ### [ (", "(?:={3,}|-{3,}|\\*{3,}|#{3,}|\\[{1,2}|\\()[ \\t]*(?:system|admin"
        + "|developer|sys)\\b[ \\t]*(?:notice|message|prompt|instruction|instructions|override|update|note|alert|mode)?[ \\t]*"
        + "(?:={3,}|-{3,}|\\*{3,}|#{3,}|\\]{1,2}|\\)|:)");
    t.near("system admin developer sys");
    t.rule(Signals.DELIMITER, 0.9, "```", "```[ \\t]*(?:system|admin|instructions?|developer)\\b");
    // ---- tool_exfiltration ----
    t.rule(Signals.EXFILTRATION, 1.0, "![ [", "!?\\[[^\\]\\n]*\\]\\(\\s*<?(?:https?:)?//[^\\s)]*?[?&#][^\\s)=]+="
        + "[^\\s)]*?(?:[{<\\[$]|%7b|%3c|data|conv|chat|histor|secret|passw|key|token|session|summar|user|email|messag"
        + "|prompt|memor|context|credential|insert|ssn|card|phone|name|address|cookie)");
    t.near("](");
    t.rule(Signals.EXFILTRATION, 0.5, "![", "!\\[[^\\]\\n]*\\]\\(\\s*(?:https?:)?//[^\\s)]+[?&][^\\s)=]+=");
    t.near("](");
    t.rule(Signals.EXFILTRATION, 0.9, "http https", "https?://\\S+?[?&][a-z_]+=(?:\\{[^}\\s]+\\}|<[^>\\n]+>"
        + "|\\[[^\\]\\n]+\\]|\\$\\w+|\\$\\{)");
    t.near("={ =< =[ =$");
    t.rule(Signals.EXFILTRATION, 1.0, "send sends sending forward post upload email mail transmit exfiltrate leak relay copy submit deliver share pass push sync dump write put append include add attach log report",
        "\\b(?:send|sends|sending|forward|post|upload|email|e-mail|mail|transmit|exfiltrate|leak|relay|copy|submit|deliver"
        + "|share|pass|push|sync|dump|write|put|append|include|add|attach|log|report)\\s+(?:\\S+\\s+){0,4}?" + DATA
        + "\\b[^\\n]*?\\b(?:to|at|into|via|on|in)\\s+" + DEST);
    t.near(DEST_NEAR);
    t.span(200);
    t.rule(Signals.EXFILTRATION, 0.9, "call calls use using invoke run execute trigger fire activate",
        "\\b(?:call|calls|use|using|invoke|run|execute|trigger|fire|activate)\\s+(?:the\\s+|your\\s+|a\\s+)?(?:[\\w.'-]+\\s+){0,2}?"
        + "(?:tool|function|plugin|api|action|command|browser|interpreter|shell|terminal|webhook|extension|integration)\\b"
        + "[^\\n]*?(?:https?://|ftp://|\\S+@\\S+\\.[a-z]{2,}|\\d{1,3}(?:\\.\\d{1,3}){3}|conversation|chat history|history"
        + "|previous messages|secrets?|credentials?|passwords?|api keys?|tokens?|/etc/|~/|\\.ssh|\\.aws|transcript|system prompt"
        + "|roadmap|confidential|internal|private)");
    t.near(TOOL_NEAR);
    t.span(200);
    t.rule(Signals.EXFILTRATION, 0.8, "call invoke run execute trigger",
        "\\b(?:call|invoke|run|execute|trigger)\\s+(?:the\\s+)?[a-z]+_[a-z_]+(?:\\s*\\(|\\s+(?:tool|function|with))");
    t.near("_");
    t.rule(Signals.EXFILTRATION, 1.0, "curl wget nc ncat netcat invoke iwr scp rsync ftp",
        "\\b(?:curl|wget|nc|ncat|netcat|invoke-webrequest|iwr|scp|rsync|ftp)\\b[^\\n]*?(?:-d\\s*@|--data(?:-binary|-urlencode)?"
        + "\\s*@|-f\\s*\\S*=@|\\$\\(|`|/etc/(?:passwd|shadow)|\\.ssh|\\.aws|credentials|id_rsa|\\|\\s*(?:sh|bash)\\b)");
    t.rule(Signals.EXFILTRATION, 0.9, ".ssh .aws /etc/passwd /etc/shadow .netrc .npmrc .pgpass .git-credentials .docker .kube",
        "\\b(?:cat|type|read|less|more|head|tail"
        + "|print|open|get-content)\\s+(?:\\S*/)?(?:~/)?(?:\\.ssh/id_\\w+|\\.aws/credentials|/etc/passwd|/etc/shadow|\\.netrc|\\.npmrc"
        + "|\\.pgpass|\\.git-credentials|\\.docker/config\\.json|\\.kube/config)");
    t.unanchored();
    t.rule(Signals.EXFILTRATION, 1.0, "|", "\\|\\s*(?:nc|ncat|netcat)\\s+\\S+\\s+\\d+");
    t.near("nc ncat netcat");
    t.rule(Signals.EXFILTRATION, 1.0, "169.254. metadata.google 100.100.100.200",
        "169\\.254\\.169\\.254|metadata\\.google\\.internal|100\\.100\\.100\\.200");
    t.rule(Signals.EXFILTRATION, 0.9, "http https",
        "https?://\\S+[^\\n]*?\\b(?:followed by|concatenated with|plus|append(?:ed|ing)?"
        + "|with|put|insert|add|attach)\\b[^\\n]*?\\b(?:system prompt|api key|password|secret|token|conversation|chat history"
        + "|history|messages|instructions|credentials|user'?s? (?:data|email|name|phone|address)|memory)");
    t.near("followed concatenated plus append appended appending insert attach put add with");
    t.rule(Signals.EXFILTRATION, 0.8, "previous conversation chat system api key keys password passwords secret secrets credentials",
        "\\b(?:previous messages|conversation|chat history|system prompt|api keys?|passwords?|secrets?|credentials)\\b[^\\n]*?"
        + "\\b(?:to|into|in|at)\\s+(?:this|the|that|my)\\s+(?:url|link|endpoint|webhook|server)\\b");
    t.near("url link endpoint webhook server");
    // ---- encoded_payload: an instruction to decode and obey (the decoded content is scanned separately) ----
    t.rule(Signals.ENCODED, 0.6, "decode decoded decoding decrypt decipher unscramble translate convert reverse interpret base rot"
        + " deobfuscate apply", "\\b(?:decode|decrypt|decipher|unscramble|translate|convert|reverse|interpret|base64[- ]?decode|rot13"
        + "|rot-13|de-?obfuscate|apply rot-?13)\\w*\\b[^\\n]*?\\b(?:and|then|,)\\s+(?:\\S+\\s+){0,3}?(?:follow|execute|obey|do"
        + "|run|act on|comply|apply|perform|carry out|respond to)\\b");
    return new Signals(t.rules, FRAME);
  }

  /** Discussion of an attack rather than an attack: what, before a match in its sentence, makes it a mention. */
  static final Pattern FRAME = Pattern.compile("\\b(?:what(?:'s| is| are| does| do| did| was| were| would)|why(?:'s| is| are"
      + "| does| do| did| would| might| can)|how (?:do|does|can|could|should|would|to|did|is|are)\\b[^.!?\\n]*?\\b"
      + "(?:defend|detect|prevent|protect|block|stop|mitigate|handle|filter|flag|catch|harden|respond|deal|parse|escape"
      + "|tokeni[sz]e|explain|classify|recogni[sz]e|test|evaluate|log|treat|spot|identify|sanitize|report)|explain|define"
      + "|definition|meaning of|(?:phrases?|strings?|prompts?|attacks?|messages?|inputs?|words?|tokens?|requests?|things?"
      + "|sentences?|commands?|patterns?) (?:like|such as)|such as|for example|e\\.g\\.|for instance|the (?:phrase|string"
      + "|sentence|term|expression|line|word|token|text)\\b|(?:typed|typing|types|said|says|saying|wrote|writes|entered|sent"
      + "|pasted|contains?|containing|includes?|including|mentions?|mentioning|tried|tries|trying|asked|asking)\\s+"
      + "(?:\\w+\\s+){0,2}?[\"'“‘]|called|known as|so-called|dubbed|against|detect\\w*|defen[cs]e|defend\\w*|protect\\w*"
      + "|mitigat\\w*|prevent\\w*|classif\\w*|red[- ]team\\w*|(?:blog|paper|article|talk|course|lesson|slide|research|study"
      + "|essay|report|post|thesis|training) (?:on|about)|(?:is|was) (?:this |that |it )?(?:an? |the )?(?:example|attack"
      + "|jailbreak|injection)|in (?:the|our|my) logs|(?:tokenizer|vocabulary|chat format|template|fine-tuning|dataset)\\b"
      + "|(?:must not|mustn't|may not|should not|shouldn't|not allowed to|prohibited from|forbidden from|not permitted to"
      + "|never)\\s+(?:\\w+\\s+)?(?:attempt|try)\\s+to)");

}
