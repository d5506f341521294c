/**
 * Base words of commonly used passwords: the words that recur, with digits, years and symbols
 * around them, in published German and English top-password lists (HPI's yearly German list,
 * NCSC top 100k, NordPass and similar), curated by hand. Entries are lowercase ASCII with
 * umlauts folded (ä→ae, ö→oe, ü→ue, ß→ss), because password-policy.ts compares the password's
 * folded, leet-decoded core against them. One word here refuses every digit/symbol/year
 * variant of it ("Sommer2024!", "$ommer!!", …) and every concatenation of two words
 * ("SommerSonne1!"). A test keeps the list at ≥ 400 words and in this format.
 */
const PASSWORD_WORDS = [
  // the password itself, access, defaults
  'passwort', 'password', 'passwd', 'pass', 'passw', 'kennwort', 'kennung', 'geheim', 'geheimnis',
  'secret', 'sicher', 'sicherheit', 'security', 'secure', 'login', 'logon', 'anmelden', 'anmeldung',
  'zugang', 'access', 'start', 'starten', 'default', 'standard', 'changeme', 'aendern', 'neu', 'new',
  'temp', 'test', 'tester', 'testen', 'testing', 'demo', 'admin', 'administrator', 'root', 'user',
  'benutzer', 'nutzer', 'gast', 'guest', 'master', 'privat', 'private', 'internet', 'computer',
  'server', 'system', 'willkommen', 'welcome', 'hallo', 'hello', 'hallihallo', 'servus', 'moin',
  'letmein', 'trustno', 'trustnoone', 'whatever', 'egal', 'nichts', 'nothing', 'alles', 'einfach',
  'simple', 'vergessen', 'forgot', 'merken', 'neustart', 'hilfe', 'help', 'qwer', 'okay', 'danke',
  'bitte', 'achtung', 'zugangsdaten', 'konto', 'account', 'email', 'mail', 'online', 'offline',
  // this product and its industry (guessable on every Portico portal)
  'portal', 'portico', 'makler', 'maklerin', 'versicherung', 'versicherungen', 'versicherungsmakler',
  'vertrag', 'vertraege', 'kunde', 'kunden', 'police', 'policen', 'schaden', 'vorsorge', 'rente',
  'finanzen', 'finanz', 'bank', 'sparkasse', 'volksbank', 'allianz', 'ergo', 'axa', 'generali',
  'debeka', 'huk', 'hukcoburg', 'devk', 'provinzial', 'zurich', 'gothaer', 'barmenia', 'signal',
  'iduna', 'continentale', 'nuernberger', 'muster', 'mustermann', 'musterfrau', 'beispiel', 'example',
  // affection and family
  'liebe', 'lieben', 'liebling', 'schatz', 'schatzi', 'maus', 'mausi', 'hasi', 'baerchen', 'engel',
  'engelchen', 'herz', 'herzchen', 'iloveyou', 'ichliebedich', 'liebedich', 'love', 'lover',
  'loveyou', 'babe', 'baby', 'darling', 'honey', 'sweety', 'sweetheart', 'angel', 'princess',
  'prinzessin', 'prinz', 'prince', 'koenig', 'king', 'queen', 'koenigin', 'kiss', 'kuss', 'forever',
  'fuerimmer', 'family', 'familie', 'friends', 'freunde', 'freund', 'freundin', 'mama', 'papa',
  'mami', 'papi', 'mutti', 'vati', 'mutter', 'vater', 'oma', 'opa', 'kinder', 'sohn', 'tochter',
  'bruder', 'schwester', 'ich', 'mein', 'meins', 'dein', 'unser', 'meine', 'ichbins', 'ichbinich',
  // seasons, months, weekdays, holidays
  'fruehling', 'fruehjahr', 'sommer', 'herbst', 'winter', 'spring', 'summer', 'autumn', 'fall',
  'januar', 'jaenner', 'februar', 'maerz', 'april', 'mai', 'juni', 'juli', 'august', 'september',
  'oktober', 'november', 'dezember', 'january', 'february', 'march', 'may', 'june', 'july',
  'october', 'december', 'montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag',
  'sonnabend', 'sonntag', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday',
  'sunday', 'weihnachten', 'christmas', 'xmas', 'ostern', 'easter', 'silvester', 'neujahr',
  'geburtstag', 'birthday', 'urlaub', 'holiday', 'ferien', 'wochenende', 'weekend', 'heute',
  'today', 'morgen', 'tomorrow', 'jahr', 'year',
  // sport and football clubs
  'fussball', 'football', 'soccer', 'baseball', 'basketball', 'hockey', 'eishockey', 'tennis',
  'golf', 'handball', 'bayern', 'fcbayern', 'bayernmuenchen', 'schalke', 'dortmund', 'borussia',
  'bvb', 'hsv', 'werder', 'werderbremen', 'fckoeln', 'vfb', 'hertha', 'herthabsc', 'eintracht',
  'gladbach', 'leverkusen', 'bayer', 'wolfsburg', 'hoffenheim', 'freiburg', 'mainz', 'stpauli',
  'pauli', 'fortuna', 'hansa', 'dynamo', 'rbleipzig', 'kaiserslautern', 'arsenal', 'chelsea',
  'liverpool', 'barcelona', 'realmadrid', 'juventus', 'manchester', 'manutd', 'united', 'messi',
  'ronaldo', 'weltmeister', 'champion', 'champions', 'europa', 'olympia',
  // countries and cities
  'deutschland', 'germany', 'oesterreich', 'austria', 'schweiz', 'switzerland', 'berlin',
  'hamburg', 'muenchen', 'munich', 'koeln', 'cologne', 'frankfurt', 'stuttgart', 'duesseldorf',
  'essen', 'leipzig', 'bremen', 'dresden', 'hannover', 'nuernberg', 'duisburg', 'bochum',
  'wuppertal', 'bielefeld', 'bonn', 'muenster', 'karlsruhe', 'mannheim', 'augsburg', 'wiesbaden',
  'kiel', 'luebeck', 'rostock', 'potsdam', 'wien', 'vienna', 'zuerich', 'london', 'paris', 'newyork',
  'rom', 'mallorca', 'italien', 'italia', 'spanien', 'amerika', 'america', 'usa', 'heimat',
  // common first names (German, several generations, and English)
  'michael', 'thomas', 'andreas', 'stefan', 'stephan', 'christian', 'daniel', 'martin', 'markus',
  'marcus', 'peter', 'wolfgang', 'klaus', 'juergen', 'frank', 'uwe', 'dieter', 'hans', 'werner',
  'guenter', 'horst', 'manfred', 'helmut', 'gerhard', 'heinz', 'karl', 'walter', 'bernd',
  'joachim', 'ralf', 'rainer', 'dirk', 'jens', 'sven', 'jan', 'tobias', 'sebastian', 'alexander',
  'alex', 'florian', 'matthias', 'mathias', 'patrick', 'dennis', 'kevin', 'marcel', 'mario',
  'marco', 'oliver', 'sascha', 'torsten', 'thorsten', 'holger', 'mike', 'maik', 'robert', 'tim',
  'tom', 'ben', 'paul', 'leon', 'lukas', 'luca', 'felix', 'jonas', 'finn', 'noah', 'elias', 'max',
  'maximilian', 'moritz', 'niklas', 'nico', 'julian', 'philipp', 'david', 'simon', 'fabian',
  'jannik', 'erik', 'emil', 'anton', 'oskar', 'henry', 'theo', 'jakob', 'johannes', 'sabine',
  'petra', 'susanne', 'claudia', 'andrea', 'nicole', 'stefanie', 'stephanie', 'julia', 'anna',
  'lisa', 'laura', 'lena', 'leonie', 'marie', 'maria', 'sophie', 'sophia', 'emma', 'mia', 'hannah',
  'hanna', 'lea', 'lina', 'ella', 'clara', 'klara', 'charlotte', 'emily', 'amelie', 'johanna',
  'katharina', 'christina', 'kristina', 'sandra', 'melanie', 'monika', 'ursula', 'renate', 'karin',
  'brigitte', 'ingrid', 'gisela', 'heike', 'birgit', 'martina', 'silke', 'anja', 'tanja', 'katja',
  'nadine', 'jessica', 'jennifer', 'vanessa', 'sarah', 'sara', 'jana', 'michelle', 'jasmin',
  'jacqueline', 'kerstin', 'daniela', 'manuela', 'simone', 'tina', 'nina', 'lara', 'luisa',
  'emilia', 'greta', 'ashley', 'jordan', 'hunter', 'charlie', 'george', 'harry', 'jack',
  'william', 'james', 'john', 'amanda', 'matthew', 'andrew', 'joshua', 'anthony', 'justin',
  'taylor', 'austin', 'jasper',
  // pets and animals
  'bello', 'hasso', 'rex', 'struppi', 'waldi', 'rocky', 'lucky', 'buddy', 'bailey', 'bella',
  'luna', 'nala', 'simba', 'sammy', 'charly', 'balu', 'filou', 'kitty', 'katze', 'kater', 'mieze',
  'minka', 'hund', 'dog', 'cat', 'puppy', 'tiger', 'loewe', 'lion', 'pferd', 'horse', 'pony',
  'baer', 'bear', 'teddy', 'hase', 'bunny', 'mouse', 'monkey', 'affe', 'dragon', 'drache',
  'dino', 'fuchs', 'fox', 'wolf', 'adler', 'eagle', 'falke', 'falcon', 'panther', 'jaguar',
  'shark', 'delfin', 'dolphin', 'pinguin', 'penguin', 'schmetterling', 'butterfly', 'einhorn',
  'unicorn',
  // pop culture, brands, things
  'sunshine', 'shadow', 'superman', 'batman', 'spiderman', 'starwars', 'pokemon', 'pikachu',
  'matrix', 'ninja', 'mustang', 'ferrari', 'porsche', 'corvette', 'harley', 'freedom', 'killer',
  'ranger', 'pepper', 'cookie', 'chocolate', 'schokolade', 'cheese', 'kaese', 'pizza', 'banana',
  'banane', 'apple', 'apfel', 'orange', 'cherry', 'kirsche', 'erdbeere', 'strawberry', 'lemon',
  'zitrone', 'coffee', 'kaffee', 'beer', 'bier', 'wein', 'wine', 'vodka', 'party', 'flower',
  'blume', 'rose', 'rosen', 'money', 'geld', 'million', 'glueck', 'gluecklich', 'happy',
  'smile', 'magic', 'zauber', 'freiheit', 'frieden', 'peace', 'hope', 'hoffnung', 'faith',
  'glaube', 'jesus', 'gott', 'god', 'heaven', 'himmel', 'hell', 'hoelle', 'devil', 'teufel',
  'star', 'stern', 'sterne', 'stars', 'moon', 'mond', 'sonne', 'sonnenschein', 'sun', 'sky',
  'meer', 'wasser', 'water', 'feuer', 'fire', 'erde', 'earth', 'sturm', 'storm', 'donner',
  'thunder', 'blitz', 'schnee', 'snow', 'regen', 'rain', 'music', 'musik', 'guitar', 'gitarre',
  'rock', 'metal', 'dance', 'tanzen', 'player', 'gamer', 'game', 'spiel', 'minecraft', 'fortnite',
  'zelda', 'nintendo', 'playstation', 'xbox', 'google', 'facebook', 'samsung', 'microsoft',
  'windows', 'linux', 'android', 'iphone', 'handy', 'telekom', 'vodafone', 'amazon', 'ebay',
  'paypal', 'netflix', 'youtube', 'instagram', 'whatsapp', 'twitter', 'yahoo', 'gmail', 'hotmail',
  'gmx', 'outlook', 'office', 'buero', 'arbeit', 'work', 'firma', 'company', 'schule', 'school',
  'student', 'lehrer', 'teacher', 'doktor', 'doctor', 'polizei', 'feuerwehr', 'auto', 'car',
  'motorrad', 'bike', 'fahrrad', 'haus', 'house', 'home', 'zuhause', 'garten', 'garden', 'reise',
  'travel', 'strand', 'beach', 'berge', 'mountain', 'wald', 'forest', 'insel', 'island', 'natur',
  'nature', 'diamond', 'diamant', 'gold', 'golden', 'silber', 'silver',
  // colours, numbers, filler words
  'blau', 'blue', 'rot', 'red', 'gruen', 'green', 'gelb', 'yellow', 'schwarz', 'black', 'weiss',
  'white', 'pink', 'lila', 'purple', 'eins', 'zwei', 'drei', 'vier', 'fuenf', 'one', 'two',
  'three', 'four', 'five', 'zehn', 'ten', 'hundert', 'tausend', 'einszweidrei', 'onetwothree',
  'super', 'toll', 'klasse', 'prima', 'spitze', 'cool', 'geil', 'nein', 'yes', 'lol', 'hallodu',
  // keyboard walks and alphabet runs that read as words in the lists
  'qwertz', 'qwerty', 'azerty', 'qwertzu', 'qwertzui', 'qwertzuiop', 'qwertyuiop', 'asdf', 'asdfg',
  'asdfgh', 'asdfghjk', 'asdfghjkl', 'yxcv', 'yxcvb', 'yxcvbnm', 'zxcv', 'zxcvb', 'zxcvbnm',
  'qaywsx', 'qazwsx', 'wsxedc', 'qayxsw', 'wasd', 'abc', 'abcd', 'abcde', 'abcdef', 'abcdefg',
  'abcdefgh', 'abcabc', 'xyz', 'qwe', 'asd', 'yxc', 'zxc', 'qwerasdf', 'poiuztrewq', 'lkjhgfdsa',
] as const;

export const COMMON_BASE_WORDS: ReadonlySet<string> = new Set<string>(PASSWORD_WORDS);

/**
 * Rows, columns and the alphabet (both directions): any run of ≥ 3 letters taken from one of
 * these is a keyboard walk or alphabet sequence, whatever word list is in use.
 */
const FORWARD_SEQUENCES = [
  'abcdefghijklmnopqrstuvwxyz',
  'qwertzuiopue', 'asdfghjkloeae', 'yxcvbnm', // German QWERTZ rows, umlauts folded
  'qwertyuiop', 'asdfghjkl', 'zxcvbnm', // US QWERTY rows
  'qaywsxedcrfvtgbzhnujmikolp', // German columns, top to bottom
  'qazwsxedcrfvtgbyhnujmikolp', // US columns, top to bottom
];

export const KEYBOARD_SEQUENCES: readonly string[] = [
  ...FORWARD_SEQUENCES,
  ...FORWARD_SEQUENCES.map((row) => [...row].reverse().join('')),
];
