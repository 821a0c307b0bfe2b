Rails.application.routes.draw do
  constraints(AdminConstraint) do
    mount JobsDashboard::Engine, at: "/admin/jobs"
  end

  resources :teams, only: [] do
    # ok: member-role-change-without-role-check
    resources :memberships, only: [:destroy]
  end
end
