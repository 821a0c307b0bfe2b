'use strict';
/*!-----------------------------------------------------------
 * Copyright (c) Example Editor Authors. All rights reserved.
 * Released under the MIT license
 *-----------------------------------------------------------*/
// An upstream library copy served to browsers: its random ids are the library's, not the app's tokens.
function createSession() {
  // ok: insecure-randomness-token
  const sessionToken = Math.random().toString(36).slice(2);
  return { sessionToken };
}
module.exports = { createSession };
