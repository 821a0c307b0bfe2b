class SessionsController < ApplicationController
  def restore
    # ruleid: insecure-deserialization
    state = Marshal.load(Base64.decode64(cookies[:state]))
    # ok: insecure-deserialization
    prefs = JSON.parse(cookies[:prefs])
  end
end
