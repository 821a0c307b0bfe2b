module.exports = {
  cookieOptions () {
    return {
      expires: new Date(Date.now() + 365 * 24 * 3600 * 1000),
      ...(process.env.BASE_URL.startsWith('https://') ? { secure: true } : {})
    };
  },
  strictCookieOptions () {
    return { httpOnly: true, secure: true, sameSite: 'lax' };
  }
};
