Rails.application.routes.draw do
  # ok: missing-rate-limit-auth-routes
  post "/login" => "sessions#create"
  # ruleid: missing-rate-limit-auth-routes
  post "/signup" => "registrations#create"
end
