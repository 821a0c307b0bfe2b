import mongoose from 'mongoose';

const seatSchema = new mongoose.Schema({ name: String, team: String, role: String });
export const Seat = mongoose.model('Seat', seatSchema);
