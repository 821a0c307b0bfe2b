const Joi = require('joi');
const { z } = require('zod');

const registerSchema = Joi.object({
  username: Joi.string().alphanum().min(3).max(30).required(),
  // ruleid: weak-password-policy
  password: Joi.string().pattern(/^[a-zA-Z0-9]{3,30}$/).required(),
});

const loginSchema = z.object({
  email: z.string().email(),
  // ok: weak-password-policy
  password: z.string().min(6),
});

const signUpSchema = z.object({
  email: z.string().email(),
  // ok: weak-password-policy
  password: z.string().min(1, 'Password is required'),
});

const changePasswordSchema = z.object({
  // ruleid: weak-password-policy
  newPassword: z.string().min(6).max(100),
});

const resetSchema = z.object({
  // ok: weak-password-policy
  password: z.string().min(8).regex(/[0-9]/),
});

module.exports = { registerSchema, loginSchema, signUpSchema, changePasswordSchema, resetSchema };
