const Stripe = require('stripe');

// ruleid: hardcoded-credentials
const stripe = Stripe('sk_live_51HxYzAbCdEfGhIjKlMnOpQrStUv');

module.exports = stripe;
