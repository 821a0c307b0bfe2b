Rack::Attack.throttle("logins/ip", limit: 5, period: 20) do |req|
  req.ip if req.post? && req.path == "/login"
end
