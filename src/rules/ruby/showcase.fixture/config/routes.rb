Rails.application.routes.draw do
  resources :reports, only: [:index, :create]
  post "/imports", to: "imports#create"
  get "/go", to: "sessions#back"
end
