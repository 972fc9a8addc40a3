// Puppeteer drives the machine's Chromium (Debian's chromium): no browser download at install.
module.exports = { skipDownload: true };
