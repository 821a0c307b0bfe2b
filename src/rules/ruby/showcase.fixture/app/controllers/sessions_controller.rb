class SessionsController < ApplicationController
  skip_before_action :authenticate_user!

  def back
    # ruleid: open-redirect
    redirect_to params[:return_to]
  end
end
