const mongoose = require('mongoose');

const ticketSchema = new mongoose.Schema({ title: String, body: String, status: String });

module.exports = mongoose.model('Ticket', ticketSchema);
