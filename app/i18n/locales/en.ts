/** English UI strings. The Chinese file must have exactly the same keys (checked by its type). */
export const en = {
  app: {
    name: 'Sunlight',
    tagline: 'Charity in the open',
    description:
      'Sunlight is a charity fundraising platform where every project is seen and every yuan can be traced.',
  },
  a11y: {
    skipToContent: 'Skip to main content',
    mainNav: 'Main',
    footerNav: 'Footer',
    close: 'Close',
    notifications: 'Notifications',
  },
  nav: {
    home: 'Home',
    discover: 'Discover',
    organizations: 'Partners',
    transparency: 'Transparency',
    logIn: 'Log in',
    signUp: 'Sign up',
  },
  language: {
    label: 'Language',
    switchTo: 'Switch language to {{language}}',
  },
  footer: {
    about: 'Sunlight models licensed charity platforms: approved organisations raise money openly, post video updates, and account publicly for every yuan.',
    ledger: 'Public ledger',
    openData: 'Open data',
    privacy: 'Privacy',
    rights: '© {{year}} Sunlight. Demo data drawn from public reports.',
  },
  home: {
    title: 'Let sunlight fall on every project',
    lead: 'Give to approved charities, watch the work on video, and see exactly where your money goes.',
    browse: 'Browse projects',
    howItWorks: 'How it works',
    statsLabel: 'Platform figures',
    statRaised: 'Raised on Sunlight',
    statDonations: 'Donations',
    statProjects: 'Projects fundraising',
    statPartners: 'Approved partners',
    featured: 'Projects raising now',
    empty: 'No projects are raising money yet.',
    step1Title: 'Approved organisations',
    step1Body: 'Every organisation is verified and every project carries its public-fundraising filing number.',
    step2Title: 'Progress on video',
    step2Body: 'Organisations post short videos of the work, so you see it being done.',
    step3Title: 'A ledger anyone can check',
    step3Body: 'Every donation and expense is an entry in a tamper-evident public ledger.',
  },
  project: {
    raisedOf: '{{raised}} raised of {{goal}}',
    progressLabel: '{{percent}}% of the goal raised',
    donations_one: '{{count}} donation',
    donations_other: '{{count}} donations',
    daysLeft_one: '{{count}} day left',
    daysLeft_other: '{{count}} days left',
    ended: 'Ended',
    endsToday: 'Ends today',
    by: 'by {{organization}}',
    verified: 'Verified',
    status: {
      draft: 'Draft',
      in_review: 'In review',
      fundraising: 'Fundraising',
      rejected: 'Rejected',
      closed: 'Closed',
      completed: 'Completed',
    },
  },
  category: {
    education: 'Education',
    disaster_relief: 'Disaster relief',
    rare_disease: 'Rare disease',
    serious_illness: 'Serious-illness aid',
    environment: 'Environment',
    animal_protection: 'Animal protection',
    heritage: 'Heritage',
    rural_development: 'Rural development',
    charity_culture: 'Charity culture',
  },
  form: {
    required: 'Required',
    optional: 'optional',
    submit: 'Submit',
    cancel: 'Cancel',
    fixErrors_one: 'Please fix {{count}} problem below.',
    fixErrors_other: 'Please fix {{count}} problems below.',
  },
  toast: {
    languageChanged: 'Language set to English.',
    dismiss: 'Dismiss',
  },
  errors: {
    badRequest: {
      title: 'That request could not be understood',
      body: 'Please check what you sent and try again.',
    },
    forbidden: {
      title: 'You don’t have access to this page',
      body: 'If you think you should, log in with the account that has access, or ask the organisation’s owner.',
    },
    notFound: {
      title: 'We can’t find that page',
      body: 'The link may be old, or the page may have moved. Try the home page or discover projects.',
    },
    methodNotAllowed: {
      title: 'That action isn’t allowed here',
      body: 'Go back and try again from the page itself.',
    },
    serverError: {
      title: 'Something went wrong on our side',
      body: 'The problem has been logged. Please try again in a moment; your donation data is safe.',
    },
    unavailable: {
      title: 'Sunlight is briefly unavailable',
      body: 'Please try again in a minute.',
    },
    statusLabel: 'Error {{status}}',
    backHome: 'Go to the home page',
    tryAgain: 'Try again',
  },
  meta: {
    homeTitle: 'Sunlight — charity in the open',
    notFoundTitle: 'Page not found — Sunlight',
  },
}

type DeepStringRecord<T> = { [K in keyof T]: T[K] extends string ? string : DeepStringRecord<T[K]> }
export type Translation = DeepStringRecord<typeof en>
