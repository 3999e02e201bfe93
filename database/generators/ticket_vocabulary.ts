/**
 * The small built-in vocabulary of help-desk topics that generated tickets
 * are written from (ticket_generator.ts): subjects, descriptions, replies,
 * questions, resolutions, customer follow-ups and internal notes per topic.
 *
 * `{slot}` placeholders are filled from SLOTS. Descriptions and comments use
 * only the short slot lists, so the number of distinct texts (each rendered
 * to HTML once and cached) stays small; subjects, which are never rendered,
 * also use the open-ended ones ({asset}, {invoice}, {code}, {ext}), which
 * give search its rare words.
 */
export interface Topic {
  key: string
  category: string
  tags: string[]
  /** Relative frequency. */
  weight: number
  subjects: string[]
  descriptions: string[]
  /** Staff public replies while working on it. */
  replies: string[]
  /** Staff public replies that wait on the customer. */
  questions: string[]
  /** Staff public replies that resolve it. */
  resolutions: string[]
  /** The customer's public replies. */
  followUps: string[]
  /** Internal notes. */
  notes: string[]
}

const pad = (value: number, length: number) => String(value).padStart(length, '0')

/** Slot values: a list to pick from, or a function of a random number in [0, 1). */
export const SLOTS: Record<string, string[] | ((random: number) => string)> = {
  since: ['this morning', 'yesterday', 'Monday', 'the last update', 'lunch time', 'last week'],
  floor: ['floor 1', 'floor 2', 'floor 3', 'floor 4', 'the ground floor', 'the mezzanine'],
  office: ['Berlin', 'Lisbon', 'Boston', 'Toronto', 'Warsaw', 'Singapore'],
  app: ['Outlook', 'Teams', 'SAP', 'Excel', 'Salesforce', 'Jira', 'Zoom', 'Slack'],
  device: ['ThinkPad T14', 'MacBook Pro', 'Dell Latitude 7440', 'Surface Laptop', 'HP EliteBook'],
  printer: ['HP LaserJet M507', 'Canon iR-ADV C5535', 'Brother HL-L6400', 'Xerox VersaLink C405'],
  site: ['the VPN portal', 'the intranet', 'the expense tool', 'the HR portal', 'the wiki'],
  asset: (random) => `PC-${pad(1000 + Math.floor(random * 9000), 4)}`,
  invoice: (random) => `INV-2026-${pad(Math.floor(random * 100_000), 5)}`,
  code: (random) =>
    `0x${Math.floor(random * 0xffffff)
      .toString(16)
      .padStart(6, '0')}`,
  ext: (random) => `ext. ${pad(200 + Math.floor(random * 800), 3)}`,
}

export const TOPICS: Topic[] = [
  {
    key: 'vpn',
    category: 'Network',
    tags: ['vpn', 'remote-work'],
    weight: 10,
    subjects: [
      'Cannot connect to the VPN since {since}',
      'VPN drops every few minutes',
      'VPN client shows error {code}',
      'VPN very slow from the {office} office',
      'Need VPN access for a new laptop {asset}',
    ],
    descriptions: [
      'Since {since} the VPN client says **"Authentication failed"** even though my password works everywhere else.\n\nI am working from home today and cannot reach any internal system.',
      'The VPN connects, but after a few minutes everything stops loading and I have to reconnect.\n\n- Happens on Wi-Fi and on the cable\n- Started {since}',
      'When I try to connect from the {office} office I get this message:\n\n```\nThe remote connection was denied\n```\n\nColleagues next to me have the same problem.',
      'I got a new {device} and the VPN client is not installed on it. Could you set it up so I can work remotely?',
    ],
    replies: [
      'Thanks for the details. We see a certificate problem on the VPN gateway and are looking into it.',
      'Could you try reconnecting now? We restarted the gateway serving the {office} office.',
      'I have pushed a new VPN profile to your laptop; it should arrive within 15 minutes.',
    ],
    questions: [
      'Could you send a screenshot of the error and tell us which network you are on (home, hotel, mobile hotspot)?',
      'Which version of the VPN client do you see under Help → About?',
    ],
    resolutions: [
      'The gateway certificate was renewed and the VPN works again. Please reconnect once; let us know if anything is still off.',
      'Your account was missing from the remote-access group. I added it: you can connect now.',
    ],
    followUps: [
      'It still fails this afternoon, same message.',
      'I reconnected and it seems to work now, thank you!',
      'Here is the version number: 5.2.1. The error shows right after I enter my code.',
    ],
    notes: [
      'Gateway logs show repeated certificate validation failures for this user.',
      'Same issue reported from the {office} office: probably the expired intermediate certificate.',
      'Checked the remote-access group: the account was not in it.',
    ],
  },
  {
    key: 'printer',
    category: 'Hardware',
    tags: ['printer', 'hardware'],
    weight: 9,
    subjects: [
      'Printer on {floor} is jammed',
      'Cannot print to the {printer}',
      'Printer prints blank pages',
      'Need the printer driver for {asset}',
      'Scanner does not send emails anymore',
    ],
    descriptions: [
      'The {printer} on {floor} shows **paper jam** but there is no paper stuck inside. We have already opened every tray.',
      'My print jobs stay in the queue forever. Other people on {floor} can print.\n\n1. I restarted my laptop\n2. I removed and added the printer again',
      'Every page comes out blank since {since}. The toner display says it is full.',
      'Scanning to email worked until {since}; now the scanner says *"SMTP error"*.',
    ],
    replies: [
      'A technician will pass by {floor} this afternoon to look at the printer.',
      'I cleared the print queue on the server. Could you send your document again?',
      'We ordered a replacement fuser unit for this printer.',
    ],
    questions: [
      'Can you tell us the number on the sticker on the front of the printer?',
      'Does the printer show an error code on its display? A photo would help.',
    ],
    resolutions: [
      'The fuser unit was replaced and the printer works again.',
      'The printer driver on your laptop was outdated; I installed the current one and a test page printed fine.',
      'The scanner was using an old mail password. It is updated and scanning to email works again.',
    ],
    followUps: [
      'The sticker says {asset}.',
      'It printed two pages and then jammed again.',
      'Thanks, the test page looks fine.',
    ],
    notes: [
      'Third jam on this printer this month: consider replacing it.',
      'Vendor support contract covers this model until the end of the year.',
      'Print server had 200 stuck jobs; cleared them.',
    ],
  },
  {
    key: 'password',
    category: 'Accounts',
    tags: ['password', 'account'],
    weight: 11,
    subjects: [
      'Account locked after password change',
      'Forgot my password',
      'Password expired while on holiday',
      'Cannot sign in to {site}',
      'Password reset link does not arrive',
    ],
    descriptions: [
      'I changed my password {since} and now my account is locked. My phone probably still uses the old one.',
      'I forgot my password and the self-service reset asks for a phone number I no longer have.',
      'When I sign in to {site} it says my password has expired, but the change form gives an error.',
      'I requested a password reset three times and no email arrived, not even in the spam folder.',
    ],
    replies: [
      'I unlocked your account. Please update the password on your phone as well, or it will lock again.',
      'I sent a temporary password to your manager, who will hand it to you.',
      'The reset emails were blocked by a mail filter; we fixed the rule.',
    ],
    questions: [
      'To verify your identity, could you call the service desk at {ext}?',
      'Which devices use your account (phone, tablet, second laptop)?',
    ],
    resolutions: [
      'Your account is unlocked and the old password is removed from your phone. You should be fine now.',
      'The password was reset and you confirmed you can sign in.',
    ],
    followUps: [
      'I called and got a temporary password, thanks.',
      'My account is locked again this morning.',
      'Only my laptop and my phone.',
    ],
    notes: [
      'Lockouts come from the mail app on the phone (old password).',
      'Identity verified by phone.',
      'Many lockouts today after the password policy change.',
    ],
  },
  {
    key: 'invoice',
    category: 'Billing',
    tags: ['invoice', 'billing'],
    weight: 7,
    subjects: [
      'Question about invoice {invoice}',
      'Invoice {invoice} charged twice',
      'Need a copy of invoice {invoice}',
      'Wrong VAT number on our invoice',
      'Please update our billing address',
    ],
    descriptions: [
      'Our last invoice shows **two licences more** than we use. Could you check and send a corrected one?',
      'We were charged twice this month, once by card and once by bank transfer.',
      'Our accounting team needs a copy of the invoice as PDF for the audit.',
      'The VAT number on the invoice is the one of our old company; please correct it before we can pay.',
    ],
    replies: [
      'I forwarded your request to our billing team; they usually answer within two working days.',
      'You are right, the second charge was a mistake. The refund is on its way.',
    ],
    questions: [
      'Could you send us the new VAT number and the legal name of the company?',
      'Which email address should receive the invoices from now on?',
    ],
    resolutions: [
      'The corrected invoice is attached to your account under Billing → Invoices.',
      'The double charge was refunded; it should appear on your statement within five days.',
    ],
    followUps: [
      'Our new VAT number is in the attached letter.',
      'Please send the invoices to accounting@ of our company.',
      'We received the refund, thank you.',
    ],
    notes: [
      'Checked with billing: the duplicate charge comes from the card retry.',
      'Customer is on the annual plan; no proration needed.',
    ],
  },
  {
    key: 'email',
    category: 'Email',
    tags: ['email', 'outlook'],
    weight: 10,
    subjects: [
      'Outlook keeps asking for my password',
      'Emails to external addresses bounce',
      'Mailbox full',
      'Shared mailbox not visible in Outlook',
      'Out-of-office reply not working',
    ],
    descriptions: [
      'Since {since} Outlook asks for my password every few minutes, even after I type it in.',
      'Every email I send to a customer comes back with *"550 5.7.1 relaying denied"*.',
      'I get a warning that my mailbox is full and I cannot send emails anymore.',
      'I was added to the support shared mailbox but it does not show up in Outlook.',
    ],
    replies: [
      'We increased your mailbox quota to 100 GB.',
      'The shared mailbox can take up to an hour to appear. Please restart Outlook afterwards.',
      'Our mail relay had a configuration problem for external recipients; it is being fixed.',
    ],
    questions: [
      'Could you forward us one of the bounce messages as an attachment?',
      'Does this happen in the web version of the mailbox as well?',
    ],
    resolutions: [
      'The stored credentials were cleared and Outlook no longer asks for the password.',
      'The relay rule was corrected; external emails are delivered again.',
      'Archiving is switched on for your mailbox, which freed 30 GB.',
    ],
    followUps: [
      'The web version works fine, only the desktop app asks.',
      'Forwarded the bounce message just now.',
      'It appears now, thanks!',
    ],
    notes: [
      'Relay logs show the customer domain was missing from the allow list.',
      'Mailbox at 49.8 of 50 GB.',
    ],
  },
  {
    key: 'laptop',
    category: 'Hardware',
    tags: ['laptop', 'hardware'],
    weight: 9,
    subjects: [
      'Laptop {asset} will not boot',
      'Laptop is very slow since {since}',
      'Broken screen on {device}',
      'Battery drains within an hour',
      'Laptop overheats and shuts down',
    ],
    descriptions: [
      'My {device} shows a black screen with a blinking cursor after the logo. I have an important meeting tomorrow.',
      'Everything takes minutes to open since {since}. The fan is loud all the time.',
      'I dropped my {device} and the screen is cracked. It still works with an external monitor.',
      'The battery goes from 100 % to 0 within an hour, even when I only use {app}.',
    ],
    replies: [
      'Please bring the laptop to the IT desk on {floor}; we will give you a loaner for the meantime.',
      'We see a failing disk in the diagnostics; a replacement is ordered.',
      'I ran the cleanup remotely: an update was stuck and used all the CPU.',
    ],
    questions: [
      'Could you tell us the asset number on the sticker under the laptop?',
      'When would suit you to drop the laptop off at the IT desk?',
    ],
    resolutions: [
      'The disk was replaced and your data restored from the backup. The laptop is ready at the IT desk.',
      'The screen was replaced under warranty.',
      'A new battery was fitted; it lasts a full day again.',
    ],
    followUps: [
      'The asset number is {asset}.',
      'I can bring it tomorrow morning.',
      'Picked it up, works great now.',
    ],
    notes: [
      'Under warranty until next March; warranty case opened.',
      'SMART reports reallocated sectors: disk is failing.',
      'Loaner laptop handed out.',
    ],
  },
  {
    key: 'access',
    category: 'Access',
    tags: ['access-request', 'permissions'],
    weight: 10,
    subjects: [
      'Access request: {app} for a new colleague',
      'Need access to the finance shared drive',
      'Admin rights to install software',
      'Please remove access for a leaver',
      'Access to {site} denied',
    ],
    descriptions: [
      'A new colleague starts on Monday in the {office} office and needs access to {app} and the team folder.',
      'I need read access to the finance shared drive for the quarterly report. My manager approved it.',
      'I need to install a small tool for a customer project; could I get temporary admin rights?',
      'A colleague left the company {since}. Please remove her access to every system.',
    ],
    replies: [
      'Access requests need the approval of the data owner; I sent them the request.',
      'The account is created; the colleague will receive the details on the first day.',
    ],
    questions: [
      'Could your manager confirm the request by replying here?',
      'Which folders exactly do you need, and is read access enough?',
    ],
    resolutions: [
      'Access is granted. It can take a few minutes to apply; sign out and in again if you do not see it yet.',
      'All access of the leaver was removed and the mailbox converted to a shared one.',
    ],
    followUps: [
      'My manager approved it by email, forwarding it now.',
      'Read access is enough.',
      'I can see the folder now, thank you.',
    ],
    notes: [
      'Approval received from the data owner.',
      'Temporary admin rights expire automatically after 24 hours.',
    ],
  },
  {
    key: 'wifi',
    category: 'Network',
    tags: ['wifi', 'network'],
    weight: 6,
    subjects: [
      'No Wi-Fi in the meeting rooms on {floor}',
      'Guest Wi-Fi password for a workshop',
      'Wi-Fi keeps disconnecting in the {office} office',
    ],
    descriptions: [
      'The Wi-Fi in the meeting rooms on {floor} is gone since {since}. Laptops see the network but cannot connect.',
      'We have a workshop with 20 external guests on Thursday. Could we get a guest Wi-Fi access?',
      'The connection drops every ten minutes in the {office} office, mostly near the kitchen.',
    ],
    replies: [
      'An access point on {floor} is offline; we are replacing it.',
      'Guest vouchers are prepared and will be at the reception on Thursday.',
    ],
    questions: [
      'Which room are you in, and which network name do you see?',
      'What time did the last disconnect happen?',
    ],
    resolutions: [
      'The access point was replaced and the meeting rooms have Wi-Fi again.',
      'The channel plan was changed; the disconnects are gone in our measurements.',
    ],
    followUps: [
      'It happened at 10:40 and again at 11:15.',
      'Room 3.14, the network is called CORP.',
    ],
    notes: ['Controller shows the access point offline since the power cut.'],
  },
  {
    key: 'software',
    category: 'Software',
    tags: ['software', 'install'],
    weight: 8,
    subjects: [
      '{app} crashes on start',
      'Please install {app} on my laptop',
      '{app} update fails with error {code}',
      'Licence for {app} expired',
    ],
    descriptions: [
      '{app} closes right after the splash screen since {since}. I already restarted.',
      'Could you install {app} on my {device}? I need it for the project that starts next week.',
      'The update of {app} fails every time and asks me to try again later.',
      '{app} says my licence has expired and opens in read-only mode.',
    ],
    replies: [
      'I pushed the installation through the software centre; it will appear within the hour.',
      'A known bug of the latest {app} version; the vendor released a fix that we are testing.',
    ],
    questions: [
      'Does the problem also happen after a restart in safe mode?',
      'Which version of {app} do you see in the About window?',
    ],
    resolutions: [
      '{app} was reinstalled and starts normally again.',
      'A new licence was assigned to your account.',
    ],
    followUps: ['Version 16.0, same crash after restart.', 'It works again, thanks.'],
    notes: ['Vendor ticket opened about the crash.', 'Licence pool is almost empty: order more.'],
  },
  {
    key: 'phone',
    category: 'Mobile',
    tags: ['mobile', 'phone'],
    weight: 5,
    subjects: [
      'New phone: set up company email',
      'Lost my company phone',
      'Authenticator app codes rejected',
    ],
    descriptions: [
      'I received a new phone and need the company email and {app} on it.',
      'I lost my company phone on the train {since}. Please block it.',
      'The codes of the authenticator app are always rejected when I sign in.',
    ],
    replies: [
      'The phone is blocked and will be wiped as soon as it goes online.',
      'I reset your second factor; you can enrol the app again at your next sign-in.',
    ],
    questions: ['Is the time on your phone set automatically?', 'What is the model of the phone?'],
    resolutions: [
      'The new phone is enrolled and email works.',
      'Your second factor was reset and you signed in successfully.',
    ],
    followUps: ['The time was set manually, I changed it.', 'It is an iPhone 15.'],
    notes: ['Device wiped remotely.', 'Clock drift on the phone: codes out of window.'],
  },
  {
    key: 'meeting',
    category: 'Facilities',
    tags: ['meeting-room', 'video'],
    weight: 4,
    subjects: [
      'Screen in meeting room on {floor} shows no signal',
      'Video calls have no sound in the board room',
      'Book the conference system for an all-hands',
    ],
    descriptions: [
      'The big screen in the meeting room on {floor} says **No signal** with every laptop we tried.',
      'In video calls from the board room nobody hears us, although the microphone shows a level.',
      'We have an all-hands next Friday and need the conference system and two microphones.',
    ],
    replies: [
      'The HDMI switch in that room is broken; a new one is ordered.',
      'Everything is booked for your all-hands; a technician will be there 30 minutes before.',
    ],
    questions: ['Which room number is it?', 'How many people will join remotely?'],
    resolutions: [
      'The HDMI switch was replaced; the screen works again.',
      'The room audio settings were reset; sound works in calls again.',
    ],
    followUps: ['About 80 people remotely.', 'Room 2.07.'],
    notes: ['Same issue in two rooms: check the firmware of the switches.'],
  },
  {
    key: 'files',
    category: 'Storage',
    tags: ['shared-drive', 'backup'],
    weight: 5,
    subjects: [
      'Deleted a folder by mistake, please restore',
      'Shared drive full',
      'Files open read-only on the shared drive',
    ],
    descriptions: [
      'I deleted the folder *Projects 2025* by mistake {since}. Can it be restored from the backup?',
      'The team shared drive says it is full and nobody can save files.',
      'Every Excel file on the shared drive opens read-only since {since}.',
    ],
    replies: [
      'The backup from last night has the folder; the restore is running.',
      'We raised the quota of the shared drive by 500 GB.',
    ],
    questions: [
      'Do you know roughly when the folder was deleted and which subfolders matter most?',
    ],
    resolutions: [
      'The folder was restored to its original place, as of last night.',
      'Stale file locks were cleared; the files open normally again.',
    ],
    followUps: ['It was yesterday around 16:00.', 'All files are back, great!'],
    notes: ['Restored from the 02:00 snapshot.', 'Quota raised, alert threshold adjusted.'],
  },
  {
    key: 'onboarding',
    category: 'Accounts',
    tags: ['onboarding', 'account'],
    weight: 4,
    subjects: ['New starter on Monday in {office}', 'Onboarding checklist for an intern'],
    descriptions: [
      'We have a new colleague starting on Monday in {office}. Please prepare a {device}, an account and access to {app}.',
      'An intern joins the marketing team next month for six months and needs a laptop and an email address.',
    ],
    replies: ['The account is ready; the laptop is being prepared.'],
    questions: ['What is the full name and the start date of the new colleague?'],
    resolutions: ['Account, laptop and access are ready; everything is at the IT desk.'],
    followUps: ['Her name is on the HR form, start date is the 1st.'],
    notes: ['HR form received.'],
  },
  {
    key: 'plotter',
    category: 'Hardware',
    tags: ['plotter', 'hardware'],
    // Rare on purpose: search benchmarks look for a word few tickets hold.
    weight: 0.2,
    subjects: ['Large-format plotter in the design studio smears ink'],
    descriptions: [
      'The large-format plotter in the design studio smears ink on every A0 print since {since}.',
    ],
    replies: ['A print head cleaning cycle is running.'],
    questions: ['Which paper type is loaded in the plotter?'],
    resolutions: ['The print heads were replaced; prints are clean again.'],
    followUps: ['Matte coated paper, 90 g.'],
    notes: ['Plotter print heads are out of warranty.'],
  },
]

/** Customer replies that fit any topic. */
export const GENERIC_FOLLOW_UPS = [
  'Any update on this? It is blocking my work.',
  'Thanks for looking into it.',
  'I tried that, but nothing changed.',
  'Is there a workaround in the meantime?',
]

/** Internal notes that fit any topic. */
export const GENERIC_NOTES = [
  'Customer is a VIP: keep them updated.',
  'Linked to the change made last weekend?',
  'Waiting for the vendor.',
  'Escalated to second level.',
]

export const FIRST_NAMES = [
  'Alex',
  'Sam',
  'Maria',
  'Jonas',
  'Aisha',
  'Liam',
  'Sofia',
  'Noah',
  'Mei',
  'Lucas',
  'Fatima',
  'Olga',
  'Ravi',
  'Elena',
  'Tom',
  'Yuki',
]

export const LAST_NAMES = [
  'Schmidt',
  'Silva',
  'Kowalski',
  'Nguyen',
  'Rossi',
  'Dubois',
  'Okoro',
  'Larsen',
  'Chen',
  'Haddad',
  'Meyer',
  'Garcia',
]
